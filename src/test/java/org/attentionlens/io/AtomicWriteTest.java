package org.attentionlens.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A write that fails half way leaves the old file as it was and no temporary file behind. */
class AtomicWriteTest {

    @Test
    void aFailedWriteKeepsThePreviousFileAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("capture.json"), "the previous export");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(file, out -> {
            out.write("half of a new exp".getBytes());
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains("the disk is full") && e.getMessage().contains("capture.json"), e.getMessage());
        assertEquals("the previous export", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no .part file left");
        }
        AtomicWrite.write(file, out -> out.write("new".getBytes()));
        assertEquals("new", Files.readString(file));
    }

    @Test
    void aMissingFolderOrAFolderAsFileIsSaidInWords(@TempDir Path dir) {
        assertTrue(assertThrows(IOException.class, () -> AtomicWrite.write(dir.resolve("no/x.csv"), out -> {
        })).getMessage().contains("does not exist"));
        assertTrue(assertThrows(IOException.class, () -> AtomicWrite.write(dir, out -> {
        })).getMessage().contains("is a folder"));
    }

    @Test
    void anNpyFileCutShortIsNotLeftBehind(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.npy");
        assertThrows(IOException.class, () -> {
            try (NpyWriter w = NpyWriter.float32(file, 2, 2)) {
                w.write(1f);
            }
        });
        assertTrue(!Files.exists(file), "three values short: no file");
    }
}
