package org.attentionlens.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.HfFolderLoader;
import org.attentionlens.io.ModelSource;
import org.attentionlens.io.Progress;
import org.attentionlens.io.SafetensorsFile;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A checkpoint the trainer writes, read by the project's GPT-2 folder loader and run by its inference pass,
 * gives the trainer's own logits within 1e-4 (the two sum the same products in a different order, float32),
 * and the loader's tokenizer encodes as the trainer's did.
 */
class CheckpointInferenceTest {

    @Test
    void theFolderLoaderRunsTheWrittenCheckpointToTheTrainersLogits(@TempDir Path dir) throws Exception {
        String text = "the cat sat on the mat and the dog sat on the rug; the cat and the dog sat.";
        BpeVocabulary bpe = BpeTrainer.train(List.of(text), 262);
        bpe.write(dir);
        ModelSpec c = GptParams.shape("tiny", 2, 2, 16, 12, bpe.size());
        GptParams p = GptParams.init(c, 5);
        SplittableRandom rnd = new SplittableRandom(9);
        for (GptParams.Param q : p.all()) // move away from the init so every tensor matters
            for (int i = 0; i < q.size(); i++) q.value()[i] += (float) rnd.nextGaussian() * 0.1f;
        Checkpoint.writeModel(dir, p);

        JsonObject cfg = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("gpt2", cfg.get("model_type").getAsString());
        assertEquals("GPT2LMHeadModel", cfg.getAsJsonArray("architectures").get(0).getAsString());
        assertEquals("gelu_new", cfg.get("activation_function").getAsString());
        assertEquals(12, cfg.get("n_ctx").getAsInt());
        assertEquals(bpe.size() - 1, cfg.get("eos_token_id").getAsInt());
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(Checkpoint.MODEL))) {
            assertEquals(2 + 2 * 12 + 2, f.names().size());
            assertArrayEquals(new long[]{16, 48}, f.info("h.1.attn.c_attn.weight").shape(), "Conv1D (in, out)");
            assertArrayEquals(new long[]{64, 16}, f.info("h.0.mlp.c_proj.weight").shape());
            assertArrayEquals(new long[]{bpe.size(), 16}, f.info("wte.weight").shape());
            assertArrayEquals(new long[]{12, 16}, f.info("wpe.weight").shape());
            assertTrue(f.has("ln_f.bias"));
        }

        LoadedModel model = HfFolderLoader.load(ModelSource.folder(dir), "checkpoint", Kernels.scalar(), Progress.NONE);
        int[] ids = model.tokenizer().encode(text).ids();
        assertArrayEquals(bpe.tokenizer().encode(text).ids(), ids, "the loader's tokenizer reads our vocabulary");
        int T = c.context();
        ids = Arrays.copyOf(ids, T);
        GptPass pass = new GptPass(Kernels.scalar(), c, 1);
        pass.forward(p, ids, null);
        float[] trained = pass.logits(); // (T, V)
        int V = c.vocabSize();
        for (int len : new int[]{1, 5, T}) {
            float[] inferred = model.transformer().forward(Arrays.copyOf(ids, len), ForwardObserver.NONE).logitsLast();
            for (int v = 0; v < V; v++)
                assertEquals(trained[(len - 1) * V + v], inferred[v], 1e-4, "logit " + v + " after " + len + " tokens");
        }
    }
}
