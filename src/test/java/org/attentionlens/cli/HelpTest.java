package org.attentionlens.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every option of every command explains itself in --help. */
class HelpTest {

    @Test
    void everyOptionOfEveryCommandHasADescription() {
        CommandLine root = new CommandLine(new AttentionLensCommand());
        List<String> bare = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
        commands.add(root);
        for (CommandLine c : commands)
            for (OptionSpec o : c.getCommandSpec().options())
                if (String.join("", o.description()).isBlank()) bare.add(c.getCommandName() + " " + o.longestName());
        assertEquals(List.of(), bare, "options without a description in --help");
        assertTrue(root.getSubcommands().size() >= 5, "export, bench, generate, heads, train");
    }
}
