package org.attentionlens.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files this process holds open inside a folder, read from /proc/self/fd (Linux; elsewhere none are seen). A
 * loader must close every file it opened, whether it loaded the model or refused it: the app is long-running, and a
 * handle left behind per model keeps the file's disk space and, once enough pile up, the process's file limit.
 */
public final class OpenFiles {
    private static final Path FDS = Path.of("/proc/self/fd");

    private OpenFiles() {
    }

    public static List<String> under(Path folder) throws IOException {
        List<String> open = new ArrayList<>();
        if (!Files.isDirectory(FDS)) return open;
        String prefix = folder.toAbsolutePath() + "/";
        try (Stream<Path> fds = Files.list(FDS)) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) open.add(target.substring(prefix.length()));
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        return open;
    }
}
