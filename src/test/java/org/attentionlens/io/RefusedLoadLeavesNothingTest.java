package org.attentionlens.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A load refused while its weights are read must not leave its tokenizer's reader running: found by the long fuzz,
 * where a folder refused for a weight had its vocab.json still open after the loader returned. The reader is waited
 * for, so when the refusal arrives no thread of the load is left and no file of the folder is open.
 */
class RefusedLoadLeavesNothingTest {
    @Test
    void aWeightRefusedLeavesNoReaderAndNoOpenFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("brown-gpt-broken"));
        Path source = Path.of(RefusedLoadLeavesNothingTest.class.getResource("/models/brown-gpt").toURI());
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.toList()) Files.copy(f, folder.resolve(f.getFileName()));
        }
        // the first tensor renamed (same length, so the header stays valid): the weights fail at once, while the
        // tokenizer (4,096 entries and their merges) is still being built
        byte[] bytes = Files.readAllBytes(folder.resolve("model.safetensors"));
        String head = new String(bytes, 0, 400, StandardCharsets.ISO_8859_1);
        int at = head.indexOf("\"wte.weight\"");
        assertTrue(at > 0, head);
        bytes[at + 3] = 'x';
        Files.write(folder.resolve("model.safetensors"), bytes);
        for (int run = 0; run < 5; run++) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelRegistry.load(folder.toString(), Progress.NONE));
            assertTrue(e.getMessage().contains("wte.weight"), e.getMessage());
            assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tokenizer-reader")),
                    "the tokenizer's reader still runs after the load was refused");
            assertTrue(OpenFiles.under(folder).isEmpty(), "files left open: " + OpenFiles.under(folder));
        }
    }
}
