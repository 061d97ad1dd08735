package org.attentionlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Bad input to `train` ends with exit code 2 and a sentence saying what to fix, never a stack trace. */
class TrainCommandTest {

    private static String run(int expectedCode, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true));
            assertEquals(expectedCode, AttentionLensCommand.execute(args));
        } finally {
            System.setErr(saved);
        }
        assertFalse(err.toString().contains("Exception"), err.toString());
        return err.toString();
    }

    @Test
    void explainsBadInput(@TempDir Path dir) throws Exception {
        String out = dir.resolve("out").toString();
        assertTrue(run(2, "train", "--corpus", dir.resolve("missing.txt").toString(), "--out", out).contains("no corpus at"));
        assertTrue(run(2, "train", "--out", out).contains("--corpus"));
        assertTrue(run(2, "train", "--out", out, "--resume").contains("Nothing to resume"));
        Path text = Files.writeString(dir.resolve("t.txt"), "one paragraph\n\nanother paragraph\n");
        assertTrue(run(2, "train", "--corpus", text.toString(), "--out", out, "--d-model", "30", "--heads", "4")
                .contains("multiple of --heads"));
        Files.write(dir.resolve("latin1.txt"), new byte[]{'c', 'a', 'f', (byte) 0xE9, '\n', '\n', 'x'});
        assertTrue(run(2, "train", "--corpus", dir.resolve("latin1.txt").toString(), "--out", out)
                .contains("is not UTF-8 text"));
    }
}
