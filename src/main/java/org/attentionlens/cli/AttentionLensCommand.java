package org.attentionlens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless commands; with no command the launcher opens the app instead. */
@Command(name = "attention-lens", mixinStandardHelpOptions = true, version = "Attention Lens 0.1",
        description = "See what multi-head attention does, on real weights. With no command, opens the app.",
        subcommands = {
                ExportCommand.class,
                GenerateCommand.class,
        })
public final class AttentionLensCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new AttentionLensCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (!(e instanceof CliException)) throw e;
            commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
