package org.attentionlens;

import org.attentionlens.cli.AttentionLensCommand;

/**
 * Entry point of the jar. No arguments: the desktop app. Arguments: a headless command.
 * Kept free of JavaFX types so a fat jar can start JavaFX from the class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            javafx.application.Application.launch(org.attentionlens.ui.app.App.class);
            return;
        }
        System.exit(AttentionLensCommand.execute(args));
    }
}
