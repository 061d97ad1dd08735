package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The patch command's JSON and its end points. */
class PatchCommandTest {
    private final ResearchCli cli = new ResearchCli(PatchCommand::new);

    @Test
    void writesBothGridsOfRestoredShares(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json");
        assertEquals(0, cli.run("--model", "tiny-gpt", "--clean", "the cat sat", "--corrupted", "the dog sat",
                "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("clean_tokens", "corrupted_tokens", "target", "versus", "logit_diff_clean",
                "logit_diff_corrupted", "heads", "residual"), List.copyOf(root.keySet()));
        JsonArray heads = root.getAsJsonArray("heads"), residual = root.getAsJsonArray("residual");
        assertEquals(2, heads.size());
        assertEquals(4, heads.get(0).getAsJsonArray().size());
        assertEquals(11, residual.get(1).getAsJsonArray().size());
        assertEquals(1, residual.get(1).getAsJsonArray().get(10).getAsDouble(), 1e-5, "the last block's output at the end");
        for (int t = 0; t < 4; t++)
            assertEquals(0, residual.get(0).getAsJsonArray().get(t).getAsDouble(), 1e-5, "\"the \" is the same in both");
        assertNotEquals(0, residual.get(0).getAsJsonArray().get(4).getAsDouble(), "'c' against 'd' matters");
        assertTrue(cli.out.toString().contains("Restored share"), cli.out.toString());
    }

    @Test
    void theGridOptionLeavesTheOtherOut(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json");
        assertEquals(0, cli.run("--model", "tiny-gpt", "--clean-ids", "1,2,3", "--corrupted-ids", "1,5,3",
                "--grid", "heads", "--json", json.toString()), cli.err.toString());
        assertFalse(ResearchCli.json(json).has("residual"));
        assertTrue(ResearchCli.json(json).has("heads"));
    }

    @Test
    void promptsOfDifferentLengthsAreOneLine() {
        assertEquals(2, cli.run("--model", "tiny-gpt", "--clean", "the cat", "--corrupted", "the mouse"));
        assertTrue(cli.error().contains("same length"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--clean", "a", "--clean-ids", "1", "--corrupted", "b"));
        assertTrue(cli.error().contains("exactly one of --clean or --clean-ids"), cli.error());
    }
}
