package org.attentionlens.train;

import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** A tiny model trained for a few hundred steps on a small text learns it, checkpoints, and resumes. */
class TrainerTest {
    private static final String STORY = """
            The cat sat on the mat and looked at the dog. The dog sat on the rug and looked at the cat.
            Every morning the cat ate fish and the dog ate bread, and then they slept in the sun.

            One day the cat went to the market. The market was full of fish, and the cat was happy.
            The dog stayed at home and waited for the cat to come back with a fish for him.

            When the cat came home, the dog was asleep on the rug. The cat put the fish next to the dog.
            """;

    @Test
    void trainingLowersTheLossAndResumes(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("story.txt");
        Files.writeString(corpus, STORY.repeat(3));
        Path out = dir.resolve("run");
        TrainSettings s = new TrainSettings(corpus.toString(), 2, 2, 32, 16, 300, 240, 1, 4, 1e-2f, 20, 0.0f,
                1.0f, 0.2, 0.0, 2, 1000, 60);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result r = new Trainer(s, out, Kernels.best(), new PrintStream(log, true)).run(false);
        double uniform = Math.log(300);
        assertTrue(r.trainLoss() < 0.4 * uniform, "train loss " + r.trainLoss() + " vs uniform " + uniform + "\n" + log);
        assertTrue(log.toString().contains("tok/s") && log.toString().contains("ETA"), log.toString());
        java.util.regex.Matcher heads = java.util.regex.Pattern.compile(
                "step +240 +heads: best previous-token (\\d\\.\\d{3}) \\(L\\d H\\d\\), best induction (\\d\\.\\d{3}) \\(L\\d H\\d\\)")
                .matcher(log.toString());
        assertTrue(heads.find(), "the trainer reports the heads forming\n" + log);
        for (int g = 1; g <= 2; g++) {
            double score = Double.parseDouble(heads.group(g));
            assertTrue(score > 0 && score <= 1, "a mean attention weight: " + score);
        }
        for (String f : new String[]{"config.json", "model.safetensors", "vocab.json", "merges.txt",
                Checkpoint.OPTIMIZER, Checkpoint.STATE})
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertEquals(240, Checkpoint.readStep(out));

        TrainSettings more = new TrainSettings(s.corpus(), 2, 2, 32, 16, 300, 260, 1, 4, 1e-2f, 20, 0.0f,
                1.0f, 0.2, 0.0, 2, 1000, 60);
        Trainer.Result resumed = new Trainer(more, out, Kernels.best(), new PrintStream(log, true)).run(true);
        assertEquals(260, resumed.steps());
        assertTrue(resumed.trainLoss() < 0.4 * uniform, "a resumed run keeps the learned weights: " + resumed.trainLoss());
    }

    @Test
    void stopAtSavesThatStepAndResumeFinishesThePlannedSchedule(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("story.txt");
        Files.writeString(corpus, STORY.repeat(3));
        Path out = dir.resolve("run");
        TrainSettings s = new TrainSettings(corpus.toString(), 1, 2, 16, 16, 280, 60, 1, 2, 1e-2f, 5, 0.0f,
                1.0f, 0.2, 0.0, 1, 1000, 60);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(25, new Trainer(s, out, Kernels.best(), new PrintStream(log, true)).run(false, 25).steps());
        assertEquals(25, Checkpoint.readStep(out));
        assertTrue(log.toString().contains("step     20/60"), "progress counts towards the planned steps\n" + log);
        assertEquals(60, new Trainer(s, out, Kernels.best(), new PrintStream(log, true)).run(true).steps());
        assertEquals(60, Checkpoint.readStep(out));
    }

    @Test
    void aRunThatStopsStillWarmingUpAboveTheUnigramBaselineSaysSo() {
        String w = Trainer.warning(50, 100, 7.2, 6.75);
        assertTrue(w.contains("above the unigram baseline 6.7500") && w.contains("still warming up (--warmup 100)")
                && w.contains("--steps"), w);
        assertTrue(Trainer.warning(500, 100, 7.2, 6.75).contains("above the unigram baseline"), "after warm-up too");
        assertFalse(Trainer.warning(500, 100, 7.2, 6.75).contains("warming up"));
        assertNull(Trainer.warning(50, 100, 4.4, 6.75), "below the baseline: nothing to warn about");
    }

    @Test
    void aShortRunLogsTheWarning(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("story.txt");
        Files.writeString(corpus, STORY.repeat(3));
        TrainSettings s = new TrainSettings(corpus.toString(), 1, 2, 16, 16, 280, 3, 1, 2, 1e-3f, 100, 0.0f,
                1.0f, 0.2, 0.0, 1, 1000, 60);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer.Result r = new Trainer(s, dir.resolve("run"), Kernels.best(), new PrintStream(log, true)).run(false);
        assertTrue(r.valLoss() > r.unigramBaseline(), "3 steps of warm-up cannot beat word frequencies: " + r);
        assertTrue(log.toString().contains("warning: validation loss") && log.toString().contains("still warming up"),
                log.toString());
    }
}
