package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thumbnails a trace shrinks during the pass equal block maxima of the head's own weights (rebuilt on demand, bit
 * for bit the pass's), worked out here with plain loops: every recipe at a length below the side (one cell per token)
 * and a grouped, windowed model at 250 tokens (blocks of 2–3 tokens, windows cutting through blocks).
 */
class HeadThumbnailsTest {

    static Iterable<String> recipes() {
        return Recipes.names();
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void shortTextsKeepOneCellPerToken(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 11, Kernels.best()),
                TransformerTest.tokens(23, Recipes.V, 4));
        checkEveryHead(trace);
    }

    @Test
    void longTextsKeepEachBlocksLargestWeightWithAndWithoutTheFirstKey() {
        ModelSpec c = ModelSpec.builder("windowed-gqa", "mistral", 2, 4, 8, 32, 64, Recipes.V, 300).kvHeads(2)
                .rope(RopeFrequencies.standard(10000, 8, false)).window(1, 40).build();
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 5, Kernels.best()),
                TransformerTest.tokens(250, Recipes.V, 9));
        assertEquals(HeadThumbnails.SIDE, trace.thumbnails().side());
        checkEveryHead(trace);
    }

    private static void checkEveryHead(AttentionTrace trace) {
        ModelSpec c = trace.config();
        int T = trace.length(), S = trace.thumbnails().side();
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                HeadMatrices m = trace.head(l, h);
                float[] all = new float[S * S], rest = new float[S * S]; // (S, S)
                java.util.Arrays.fill(all, Float.NaN);
                java.util.Arrays.fill(rest, Float.NaN);
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++) {
                        if (m.masked(i, j)) continue;
                        int cell = (int) ((long) i * S / T) * S + (int) ((long) j * S / T);
                        float w = m.weight(i, j);
                        if (Float.isNaN(all[cell]) || w > all[cell]) all[cell] = w;
                        if (j > 0 && (Float.isNaN(rest[cell]) || w > rest[cell])) rest[cell] = w;
                    }
                assertArrayEquals(all, trace.thumbnails().weights(l, h), 0f, "head " + l + "." + h);
                assertArrayEquals(rest, trace.thumbnails().withoutFirstKey(l, h), 0f, "head " + l + "." + h + " without key 0");
            }
        boolean anyMasked = false;
        for (float v : trace.thumbnails().weights(0, 0)) anyMasked |= Float.isNaN(v);
        assertTrue(anyMasked || !c.causal(), "a causal head's blocks above the diagonal are all masked");
    }

    @Test
    void scoresBeforeTheSoftCapAreTheScaledDotProductsTheCapTurnsIntoTheScores() {
        // Gemma 2's recipe with a cap small enough to bend random weights' scores
        ModelSpec c = ModelSpec.builder("capped", "gemma2", 2, 4, 8, 32, 64, Recipes.V, Recipes.N).kvHeads(2)
                .scale(0.25f).softcap(0.004f, 0).rope(RopeFrequencies.standard(10000, 8, false)).window(0, 4).build();
        float cap = c.attention().softcap();
        Tokens tokens = TransformerTest.tokens(20, Recipes.V, 2);
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 3, Kernels.best()), tokens);
        int T = trace.length(), Dh = c.dHead();
        boolean bites = false;
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                float[] raw = trace.scoresBeforeCap(l, h);
                HeadMatrices m = trace.head(l, h);
                for (int i = 0; i < T; i++) {
                    float[] q = trace.query(l, h, i);
                    for (int j = 0; j < T; j++) {
                        float[] k = trace.key(l, h, j);
                        double dot = 0;
                        for (int d = 0; d < Dh; d++) dot += (double) q[d] * k[d];
                        assertEquals(dot * c.attention().scale(), raw[i * T + j], 1e-5, "before the cap");
                        assertEquals(cap * Math.tanh(raw[i * T + j] / cap), m.score(i, j), 1e-5, "after the cap");
                        bites |= Math.abs(raw[i * T + j] - m.score(i, j)) > 0.1 * cap;
                    }
                }
            }
        assertTrue(bites, "the recipe's cap is small enough to change some scores");
        ModelSpec plain = Recipes.named("llama3");
        AttentionTrace t2 = AttentionTrace.capture(RandomWeights.create(plain, 3, Kernels.best()), tokens);
        assertArrayEquals(t2.head(1, 2).scores(), t2.scoresBeforeCap(1, 2), 0f, "no cap: the scores themselves");
    }
}
