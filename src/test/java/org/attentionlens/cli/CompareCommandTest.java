package org.attentionlens.cli;

import com.google.gson.JsonObject;
import org.attentionlens.train.Checkpoint;
import org.attentionlens.train.TrainSettings;
import org.attentionlens.train.Trainer;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** compare on two checkpoints, and timeline on checkpoints the trainer wrote. */
class CompareCommandTest {
    private final ResearchCli compare = new ResearchCli(CompareCommand::new), timeline = new ResearchCli(TimelineCommand::new);

    @Test
    void comparesTwoCheckpointsHeadByHead(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("c.json");
        assertEquals(0, compare.run("--model", "tiny-gpt", "--with", "tiny-gpt-2", "--text", "abc abc abc",
                "--json", json.toString()), compare.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("tokens", "heads"), List.copyOf(root.keySet()));
        JsonObject head = root.getAsJsonArray("heads").get(5).getAsJsonObject();
        assertEquals(List.of("layer", "head", "a", "b", "pattern_change", "weight_change"), List.copyOf(head.keySet()));
        assertEquals(List.of("entropy", "previous_token", "sink", "induction", "kind"),
                List.copyOf(head.getAsJsonObject("a").keySet()));
        assertEquals(List.of("W_Q", "W_K", "W_V", "W_O"), List.copyOf(head.getAsJsonObject("weight_change").keySet()));
        assertTrue(head.get("pattern_change").getAsDouble() > 0);

        assertEquals(0, compare.run("--model", "tiny-gpt", "--with", "tiny-gpt", "--json", json.toString()));
        JsonObject same = ResearchCli.json(json).getAsJsonArray("heads").get(0).getAsJsonObject();
        assertEquals(0, same.get("pattern_change").getAsDouble(), 0);
        assertEquals(0, same.getAsJsonObject("weight_change").get("W_O").getAsDouble(), 0);

        assertEquals(2, compare.run("--model", "tiny-gpt", "--with", "tiny-gqa"));
        assertTrue(compare.error().contains("different models"), compare.error());
        assertEquals(2, compare.run("--model", "tiny-gpt", "--with", "nowhere"));
        assertTrue(compare.error().contains("No model \"nowhere\""), compare.error());
    }

    /** Three checkpoints of one training run, copied after each --stop-at, in a run folder. */
    @Test
    void theTimelineOfATrainersCheckpoints(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("text.txt"), out = dir.resolve("out"), run = dir.resolve("run");
        Files.writeString(corpus, "the cat sat on the mat and the dog sat on the rug.\n\n".repeat(20));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainSettings s = new TrainSettings(corpus.toString(), 2, 2, 16, 16, 270, 30, 1, 2, 1e-2f, 5, 0f, 1f, 0.2, 0.5,
                1, 1000, 60);
        for (int stop : new int[]{10, 20, 30}) {
            new Trainer(s, out, Kernels.best(), new PrintStream(log)).run(stop > 10, stop);
            copy(out, run.resolve("step-" + stop));
        }
        Path json = dir.resolve("t.json");
        assertEquals(0, timeline.run("--run", run.toString(), "--json", json.toString()), timeline.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("checkpoints", "previous_token_formed", "induction_formed"), List.copyOf(root.keySet()));
        assertEquals(3, root.getAsJsonArray("checkpoints").size());
        JsonObject first = root.getAsJsonArray("checkpoints").get(0).getAsJsonObject();
        assertEquals(List.of("folder", "step", "previous_token", "induction"), List.copyOf(first.keySet()));
        assertEquals("step-10", first.get("folder").getAsString());
        assertEquals(10, first.get("step").getAsLong());
        assertEquals(2, first.getAsJsonArray("previous_token").size());
        assertEquals(30, root.getAsJsonArray("checkpoints").get(2).getAsJsonObject().get("step").getAsLong());
        assertTrue(timeline.out.toString().contains("step-30"), timeline.out.toString());

        assertEquals(2, timeline.run("--checkpoints", run.resolve("step-10").toString(), run.resolve("step-10").toString(),
                "--run", run.toString()));
        assertTrue(timeline.error().contains("--run DIR or --checkpoints"), timeline.error());
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(2, timeline.run("--run", dir.resolve("empty").toString()));
        assertTrue(timeline.error().contains("0 checkpoint folders"), timeline.error());
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        assertTrue(Files.isRegularFile(to.resolve(Checkpoint.STATE)));
    }
}
