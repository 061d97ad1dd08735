package org.attentionlens.io.hf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two checkpoints Hugging Face transformers 5.17 wrote, with its own outputs in float64 (test resources
 * hf-reference/, copied from ../shared/hf-reference): a Llama 3 with grouped-query attention and llama3 RoPE scaling,
 * and a BERT in safetensors. Every case's attention weights within 1e-4, last hidden state and logits within 1e-4 of
 * their largest magnitude, the tokenizer's ids exact, and the greedy continuation equal (with the KV cache).
 */
class HfReferenceTest {
    private static final Path ROOT = Path.of("src/test/resources/hf-reference");

    @ParameterizedTest
    @ValueSource(strings = {"llama3-gqa", "bert"})
    void everyCaseMatchesTransformers(String name) throws Exception {
        LoadedModel m = ModelRegistry.loadFolder(ROOT.resolve(name), Progress.NONE);
        JsonObject ref = JsonParser.parseString(Files.readString(ROOT.resolve("refs/" + name + ".json"))).getAsJsonObject();
        ModelSpec c = m.config();
        assertEquals(ref.get("model_type").getAsString(), c.family());
        for (JsonElement e : ref.getAsJsonArray("cases")) {
            JsonObject k = e.getAsJsonObject();
            int[] ids = ints(k.getAsJsonArray("ids"));
            String what = name + " " + (k.has("text") ? "\"" + k.get("text").getAsString() + "\"" : "ids");
            if (k.has("text")) assertArrayEquals(ids, m.tokenizer().encode(k.get("text").getAsString()).ids(), what + ": ids");
            AttentionTrace trace = AttentionTrace.capture(m.transformer(), Tokens.ofIds(ids, null));
            JsonArray att = k.getAsJsonArray("attentions"); // (L, H, T, T)
            int T = ids.length;
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    JsonArray rows = att.get(l).getAsJsonArray().get(h).getAsJsonArray();
                    for (int i = 0; i < T; i++) {
                        JsonArray row = rows.get(i).getAsJsonArray();
                        for (int j = 0; j < T; j++)
                            assertEquals(row.get(j).getAsDouble(), trace.head(l, h).weight(i, j), 1e-4,
                                    what + ": attention " + l + "." + h + " (" + i + ", " + j + ")");
                    }
                }
            float[] hidden = trace.hidden();
            assertClose(doubles(k.getAsJsonArray("hidden_last")), java.util.Arrays.copyOfRange(hidden, (T - 1) * c.dModel(),
                    T * c.dModel()), what + ": last hidden state");
            if (c.causal()) {
                assertClose(doubles(k.getAsJsonArray("logits_last")), trace.logitsLast(), what + ": last logits");
                int[] greedy = ints(k.getAsJsonArray("greedy_10"));
                DecodeSession s = new DecodeSession(m, ids, Sampler.greedy(), true);
                for (int g : greedy) {
                    var step = s.step();
                    assertEquals(g, step.tokenId(), what + ": greedy continuation");
                    assertTrue(step.maxAbsDiffVsRecompute() < 1e-4, what + ": cached step = recompute");
                }
            }
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double magnitude = 0;
        for (double x : expected) magnitude = Math.max(magnitude, Math.abs(x));
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4 * magnitude, what + " [" + i + "]");
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsDouble();
        return out;
    }
}
