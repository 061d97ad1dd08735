package org.attentionlens;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keeps the layering honest (JabRef's idea): the engine never knows JavaFX; only ui/ draws. */
class ArchitectureTest {
    private static final Path SRC = Path.of("src/main/java/org/attentionlens");
    private static final List<String> ENGINE = List.of("tensor", "model", "tokenizer", "io", "sampling", "analysis",
            "train", "cli", "viz");

    @Test
    void engineCodeImportsNoJavaFxAndNothingFromTheUi() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SRC)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> ENGINE.contains(SRC.relativize(p).getName(0).toString()))
                    .filter(p -> importsUi(p, SRC.relativize(p).getName(0).toString()))
                    .map(Path::toString).collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders, "engine files importing javafx or org.attentionlens.ui");
    }

    private static boolean importsUi(Path file, String pkg) {
        try {
            return Files.readAllLines(file).stream().anyMatch(line ->
                    (line.startsWith("import javafx.") && !pkg.equals("viz"))
                            || line.startsWith("import org.attentionlens.ui."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
