package org.attentionlens.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A checkpoint the trainer writes, read back and run by the project's inference pass, gives the trainer's own
 * logits: within 1e-4 (the two sum the same products in a different order, float32).
 */
class CheckpointInferenceTest {

    @Test
    void inferenceOnTheWrittenCheckpointReproducesTrainingLogits(@TempDir Path dir) throws Exception {
        ModelConfig c = GptParams.shape("tiny", 2, 2, 16, 12, 40);
        GptParams p = GptParams.init(c, 5);
        SplittableRandom rnd = new SplittableRandom(9);
        for (GptParams.Param q : p.all()) // move away from the init so every tensor matters
            for (int i = 0; i < q.size(); i++) q.value()[i] += (float) rnd.nextGaussian() * 0.1f;
        Checkpoint.writeModel(dir, p);

        JsonObject cfg = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("gpt2", cfg.get("model_type").getAsString());
        assertEquals("gelu_new", cfg.get("activation_function").getAsString());
        assertEquals(2, cfg.get("n_layer").getAsInt());
        assertEquals(16, cfg.get("n_embd").getAsInt());
        assertEquals(12, cfg.get("n_positions").getAsInt());
        assertEquals(39, cfg.get("eos_token_id").getAsInt());
        var tensors = Checkpoint.readF32(dir.resolve(Checkpoint.MODEL));
        assertEquals(2 + 2 * 12 + 2, tensors.size());
        assertEquals(16 * 48, tensors.get("h.1.attn.c_attn.weight").length);
        assertEquals(64 * 16, tensors.get("h.0.mlp.c_proj.weight").length);
        assertTrue(tensors.containsKey("ln_f.bias"));

        GptParams loaded = GptParams.init(c, 77);
        Checkpoint.restore(dir, loaded, null);
        Transformer model = Checkpoint.toTransformer(loaded, Kernels.scalar());

        int T = c.context();
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(c.vocabSize());
        GptPass pass = new GptPass(Kernels.scalar(), c, 1);
        pass.forward(p, ids, null);
        float[] trained = pass.logits(); // (T, V)
        int V = c.vocabSize();
        for (int len : new int[]{1, 5, T}) {
            float[] inferred = model.forward(Arrays.copyOf(ids, len), ForwardObserver.NONE).logitsLast();
            for (int v = 0; v < V; v++)
                assertEquals(trained[(len - 1) * V + v], inferred[v], 1e-4, "logit " + v + " after " + len + " tokens");
        }
    }
}
