package org.attentionlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.cli.AttentionLensCommand;
import org.attentionlens.io.TinyGpt2.Head;
import org.attentionlens.io.TinyGpt2.Layout;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.sampling.SamplingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Decode through a checkpoint written in Hugging Face's GPT-2 layout and read by the real folder loader and
 * BPE tokenizer: the cached steps against a full recompute (1e-4), greedy tokens against argmax of whole
 * passes without cache, and the generate and heads commands end to end on the folder.
 */
class DecodeOnLoadedGpt2Test {

    private static Path folder(Path dir) throws Exception {
        return new TinyGpt2(new Layout(true, true, Head.TIED, "F32", false), null, 5).write(dir.resolve("tiny-gpt2"));
    }

    @Test
    void cachedStepsEqualRecomputeUntilTheContextIsFull(@TempDir Path dir) throws Exception {
        LoadedModel m = ModelRegistry.loadFolder(folder(dir), Progress.NONE);
        int N = m.config().context();
        int[] prompt = m.tokenizer().encode("the cat").ids();
        DecodeSession s = new DecodeSession(m.transformer(), m.tokenizer(), prompt,
                Sampler.of(new SamplingSettings(1.0, 0, 1.0, 3)), true);
        while (s.canStep()) {
            DecodeStep step = s.step();
            assertTrue(step.maxAbsDiffVsRecompute() < 1e-4, "step " + step.index() + ": " + step.maxAbsDiffVsRecompute());
        }
        if (s.length() < N) assertEquals("stopped at the end-of-text token", s.stopReason().orElseThrow());
        else assertEquals("reached the context limit of " + N + " positions", s.stopReason().orElseThrow());
        assertTrue(s.steps().size() >= 5, "a few steps at least: " + s.steps().size());
    }

    @Test
    void generateAndHeadsRunOnTheFolder(@TempDir Path dir) throws Exception {
        Path folder = folder(dir);
        LoadedModel m = ModelRegistry.loadFolder(folder, Progress.NONE);
        Path trace = dir.resolve("trace.json");
        assertEquals(0, AttentionLensCommand.execute("generate", "--model", folder.toString(), "--prompt", "the dog",
                "--steps", "6", "--temperature", "0", "--trace", trace.toString()));

        // Reference: greedy by whole passes without cache on the loaded model, stopping where generate must.
        int[] ids = m.tokenizer().encode("the dog").ids();
        int promptLength = ids.length, eot = m.tokenizer().endOfText().orElseThrow();
        for (int n = 0; n < 6 && ids.length < m.config().context(); n++) {
            float[] logits = m.transformer().forward(ids, ForwardObserver.NONE).logitsLast();
            int best = 0;
            for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
            ids = Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = best;
            if (best == eot) break;
        }
        JsonObject root = JsonParser.parseString(Files.readString(trace)).getAsJsonObject();
        JsonArray steps = root.getAsJsonArray("steps");
        assertEquals(ids.length - promptLength, steps.size());
        for (int n = 0; n < steps.size(); n++) {
            JsonObject step = steps.get(n).getAsJsonObject();
            assertEquals(ids[promptLength + n], step.get("id").getAsInt());
            assertEquals(promptLength + n + 1, step.get("cache_len").getAsInt());
            assertTrue(step.get("max_abs_diff_vs_recompute").getAsDouble() < 1e-4);
        }

        Path heads = dir.resolve("heads.json");
        assertEquals(0, AttentionLensCommand.execute("heads", "--model", folder.toString(), "--text",
                "the cat sat on the mat", "--json", heads.toString()));
        JsonArray list = JsonParser.parseString(Files.readString(heads)).getAsJsonObject().getAsJsonArray("heads");
        assertEquals(m.config().layers() * m.config().heads(), list.size());
        assertFalse(list.get(0).getAsJsonObject().get("induction").isJsonNull(), "context 16 fits a probe of 2 × 8");
    }

    /**
     * Real checkpoints pad the embedding past the tokenizer (Pythia: 50304 rows for 50277 tokens). Rows made to win
     * the greedy choice here: the ids with no token are shown as "<id N>" and nothing crashes, in the session and in
     * generate; a folder without tokenizer files generates from --ids.
     */
    @Test
    void idsPastTheTokenizerShowAsIdsAndFoldersWithoutATokenizerTakeIds(@TempDir Path dir) throws Exception {
        TinyGpt2 tiny = new TinyGpt2(new Layout(false, false, Head.NONE, "F32", false), null, 5);
        Path folder = tiny.write(dir.resolve("padded"));
        int V = tiny.V, D = TinyGpt2.D, padded = V + 8;
        float[] wte = Arrays.copyOf(tiny.tensors.get("wte.weight"), padded * D); // (V + 8, D)
        for (int r = 0; r < 8; r++) wte[(V + r) * D + r / 2] = r % 2 == 0 ? 100f : -100f; // ±100 along dims 0…3
        java.util.Map<String, float[]> values = new java.util.LinkedHashMap<>(tiny.tensors);
        values.put("wte.weight", wte);
        tiny.shapes.put("wte.weight", new long[]{padded, D});
        tiny.writeCheckpoint(folder, values);
        Files.writeString(folder.resolve("config.json"), Files.readString(folder.resolve("config.json"))
                .replace("\"vocab_size\":" + V, "\"vocab_size\":" + padded));
        LoadedModel m = ModelRegistry.loadFolder(folder, Progress.NONE);
        assertEquals(padded, m.config().vocabSize());
        assertEquals(V, m.tokenizer().vocabSize());
        DecodeSession s = new DecodeSession(m, m.tokenizer().encode("the cat").ids(), Sampler.greedy(), true);
        DecodeStep step = s.step();
        assertTrue(step.tokenId() >= V, "a padded row wins: " + step.tokenId());
        assertEquals("<id " + step.tokenId() + ">", step.token());
        assertTrue(s.generatedText().contains("<id " + step.tokenId() + ">"), s.generatedText());
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cmd = AttentionLensCommand.withUserErrors(new picocli.CommandLine(
                new org.attentionlens.cli.GenerateCommand()));
        cmd.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cmd.execute("--model", folder.toString(), "--prompt", "the cat", "--steps", "3",
                "--temperature", "0"));
        assertTrue(out.toString().contains("<id "), out.toString());

        for (String f : new String[]{"vocab.json", "merges.txt"}) Files.delete(folder.resolve(f));
        LoadedModel bare = ModelRegistry.loadFolder(folder, Progress.NONE);
        assertThrows(IllegalArgumentException.class, () -> bare.tokenizer().encode("the cat"));
        out.getBuffer().setLength(0);
        assertEquals(0, cmd.execute("--model", folder.toString(), "--ids", "3,7,9", "--steps", "2", "--temperature", "0"));
        assertTrue(out.toString().contains("<id "), out.toString());
        assertEquals(2, cmd.execute("--model", folder.toString(), "--prompt", "the cat", "--steps", "2"));
    }
}
