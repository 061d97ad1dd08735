package org.attentionlens.cli;

import org.attentionlens.errors.UserMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The headless commands; with no command the launcher opens the app instead. */
@Command(name = "attention-lens", mixinStandardHelpOptions = true, version = "Attention Lens 0.1",
        description = "See what multi-head attention does, on real weights. With no command, opens the app.",
        subcommands = {
                ExportCommand.class,
                BenchCommand.class,
                GenerateCommand.class,
                HeadsCommand.class,
                TrainCommand.class,
                LensCommand.class,
                AttributeCommand.class,
                PatchCommand.class,
                KnockoutCommand.class,
                CircuitsCommand.class,
                CompareCommand.class,
                TimelineCommand.class,
        })
public final class AttentionLensCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int execute(String... args) {
        return withUserErrors(new CommandLine(new AttentionLensCommand())).execute(args);
    }

    /**
     * Prints a {@link CliException}, or options that do not parse, as one line "command: message" on stderr and exits
     * with 2. (picocli's own handler would follow a bad option with the whole usage text.)
     */
    public static CommandLine withUserErrors(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (!(e instanceof CliException)) throw e;
            commandLine.getErr().println(commandLine.getCommandName() + ": " + UserMessage.clean(e.getMessage()));
            return 2;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(c.getCommandName() + ": " + UserMessage.clean(e.getMessage()) + " (see "
                    + c.getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        return cli;
    }
}
