package org.attentionlens.families;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The yardstick against transformers itself: on the checkpoints in src/test/resources/hf-reference (random weights
 * saved by transformers 5.17, and what it computed for them in float64 with eager attention), the reference
 * reproduces every case's attention weights (1e-4), last-position logits (1e-4 of their largest magnitude) and
 * last-position hidden state (1e-4 of its largest magnitude). For BertForMaskedLM, hidden_last is the last layer's
 * output (the MLM head's logits are not part of an encoder pass).
 */
class HfReferenceTest {

    static Path resource(String name) {
        try {
            return Path.of(HfReferenceTest.class.getResource("/hf-reference/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3-gqa", "bert"})
    void referenceReproducesTransformers(String model) throws Exception {
        FamilyCheckpoint ckpt = FamilyCheckpoint.open(resource(model));
        JsonObject refs = JsonParser.parseString(Files.readString(resource("refs/" + model + ".json"))).getAsJsonObject();
        JsonArray cases = refs.getAsJsonArray("cases");
        assertEquals(4, cases.size());
        for (var element : cases) {
            JsonObject c = element.getAsJsonObject();
            int[] ids = ints(c.getAsJsonArray("ids"));
            Reference r = ReferenceForward.run(ckpt, ids);
            String label = model + " " + (c.has("text") ? c.get("text").getAsString() : "random ids");
            JsonArray att = c.getAsJsonArray("attentions");  // (L, H, T, T)
            assertEquals(att.size(), r.attentions().length, label);
            double worst = 0;
            for (int l = 0; l < att.size(); l++) {
                JsonArray layer = att.get(l).getAsJsonArray();
                assertEquals(layer.size(), r.attentions()[l].length);
                for (int h = 0; h < layer.size(); h++) {
                    JsonArray rows = layer.get(h).getAsJsonArray();
                    assertEquals(ids.length, rows.size());
                    for (int i = 0; i < ids.length; i++) {
                        JsonArray row = rows.get(i).getAsJsonArray();
                        for (int j = 0; j < ids.length; j++) {
                            worst = Math.max(worst, Math.abs(row.get(j).getAsDouble() - r.attentions()[l][h][i][j]));
                        }
                    }
                }
            }
            assertTrue(worst < 1e-4, label + ": attention weights differ by " + worst);
            assertClose(doubles(c.getAsJsonArray("hidden_last")), r.hiddenLast(), label + " hidden_last");
            if (ckpt.causal()) assertClose(doubles(c.getAsJsonArray("logits_last")), r.logitsLast(), label + " logits_last");
            else assertNull(r.logitsLast());
        }
    }

    /** Every entry within 1e-4 of the expected vector's largest magnitude. */
    static void assertClose(double[] expected, double[] actual, String label) {
        assertEquals(expected.length, actual.length, label);
        double scale = 0, worst = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertTrue(worst <= 1e-4 * scale, label + ": off by " + worst + " (scale " + scale + ")");
    }

    static int[] ints(JsonArray a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsInt();
        return v;
    }

    static double[] doubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsDouble();
        return v;
    }
}
