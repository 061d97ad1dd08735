package org.attentionlens.model;

import org.attentionlens.tensor.DType;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the generic forward pass and its capture that hold for any weights, in every family's recipe. */
class TransformerTest {
    private static final int T = 23;

    static Iterable<String> recipes() {
        return Recipes.names();
    }

    static Tokens tokens(int T, int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) {
            ids[t] = rnd.nextInt(vocab);
            display[t] = "t" + ids[t];
        }
        return new Tokens(ids, new int[T], new int[T], display);
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void headsRebuiltOnDemandAreBitIdenticalToWhatThePassComputed(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 7, Kernels.best());
        Tokens tokens = tokens(T, Recipes.V, 1);
        Map<String, float[][]> tapped = new HashMap<>();
        model.forward(tokens.ids(), new ForwardObserver() {
            @Override
            public boolean wantsHeadMatrices(int layer) {
                return true;
            }

            @Override
            public synchronized void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
                tapped.put(layer + "." + head, new float[][]{scores.clone(), weights.clone()});
            }
        });
        AttentionTrace trace = AttentionTrace.capture(model, tokens);
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                HeadMatrices m = trace.head(l, h);
                float[][] pass = tapped.get(l + "." + h);
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++) {
                        if (!m.masked(i, j)) assertEquals(pass[0][i * T + j], m.score(i, j), 0f, "score " + i + "," + j);
                        assertEquals(pass[1][i * T + j], m.weight(i, j), 0f, "weight " + i + "," + j);
                    }
            }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void softmaxRowsSumToOneAndExactlyTheCausalAndWindowedCellsAreZero(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 3, Kernels.best()), tokens(T, Recipes.V, 2));
        for (int l = 0; l < c.layers(); l++) {
            int window = c.attention().window(l);
            for (int h = 0; h < c.heads(); h++) {
                HeadMatrices m = trace.head(l, h);
                for (int i = 0; i < T; i++) {
                    double sum = 0;
                    for (int j = 0; j < T; j++) {
                        sum += m.weight(i, j);
                        // the rule written out independently of AttentionMask: causal j ≤ i, window i − j < w
                        boolean hidden = (c.causal() && j > i) || (window > 0 && i - j >= window);
                        assertEquals(hidden, m.masked(i, j), "mask of " + i + "," + j + " in layer " + l);
                        if (hidden) {
                            assertEquals(0f, m.weight(i, j), 0f);
                            assertEquals(0f, m.contribution(i, j), 0f);
                        } else {
                            assertTrue(m.weight(i, j) > 0f, "visible weights are positive");
                        }
                    }
                    assertEquals(1.0, sum, 1e-5, "row " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void capturedNumbersAgreeWithTheirDefinitions(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 11, Kernels.best());
        AttentionTrace trace = AttentionTrace.capture(model, tokens(T, Recipes.V, 3));
        int l = 1, h = 2, Dh = c.dHead(), D = c.dModel();
        float scale = c.attention().scale(), cap = c.attention().softcap();
        float[] wo = model.weights().layers().get(l).attention().wo().toRowMajor(); // (H·Dh, D)
        HeadMatrices m = trace.head(l, h);
        for (int i = 0; i < T; i += 5) {
            double[] out = new double[Dh];
            for (int j = 0; j < T; j++) {
                float[] q = trace.query(l, h, i), k = trace.key(l, h, j), v = trace.value(l, h, j);
                double dot = 0;
                for (int d = 0; d < Dh; d++) dot += q[d] * k[d];
                double score = cap > 0 ? cap * Math.tanh(dot * scale / cap) : dot * scale;
                assertEquals(score, m.score(i, j), 1e-5, "score = q·k × scale, soft-capped");
                double norm = 0;
                for (int e = 0; e < D; e++) {
                    double x = 0;
                    for (int d = 0; d < Dh; d++) x += v[d] * wo[(h * Dh + d) * D + e];
                    norm += x * x;
                }
                assertEquals(m.weight(i, j) * Math.sqrt(norm), m.contribution(i, j), 1e-5, "‖α v W_O^h‖");
                for (int d = 0; d < Dh; d++) out[d] += m.weight(i, j) * v[d];
            }
            float[] headOut = trace.headOutput(l, h, i);
            for (int d = 0; d < Dh; d++) assertEquals(out[d], headOut[d], 1e-5, "head output = Σ α v");
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void runningInPiecesThroughTheCacheEqualsOnePass(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        if (!c.causal()) return; // an encoder has no cache to run in pieces
        Transformer model = RandomWeights.create(c, 5, Kernels.best());
        int[] ids = tokens(T, Recipes.V, 4).ids();
        ForwardResult whole = model.forward(ids, ForwardObserver.NONE);
        KvCache cache = new KvCache(c, c.context());
        model.forward(Arrays.copyOf(ids, 10), cache, ForwardObserver.NONE);
        ForwardResult last = null;
        for (int t = 10; t < T; t++) last = model.forward(new int[]{ids[t]}, cache, ForwardObserver.NONE);
        assertEquals(T, cache.length());
        float[] expected = Arrays.copyOfRange(whole.hidden(), (T - 1) * c.dModel(), T * c.dModel());
        assertArrayEquals(expected, last.hidden(), 1e-5f);
        assertArrayEquals(whole.logitsLast(), last.logitsLast(), 1e-4f);
    }

    @Test
    void sixteenBitWeightsGiveTheSameNumbersAsTheirFloat32Values() {
        for (DType dtype : new DType[]{DType.BF16, DType.F16}) {
            ModelSpec c = Recipes.named("llama3");
            Transformer half = RandomWeights.create(c, 9, Kernels.best(), dtype);
            Transformer widened = new Transformer(c, Widened.of(half.weights(), Kernels.best()), Kernels.best());
            int[] ids = tokens(T, Recipes.V, 6).ids();
            assertArrayEquals(widened.forward(ids, ForwardObserver.NONE).logitsLast(),
                    half.forward(ids, ForwardObserver.NONE).logitsLast(), 0f, dtype + ": widening inside the kernels");
            assertTrue(half.weights().bytes() < 0.6 * widened.weights().bytes(), dtype + " stays 16-bit in memory");
        }
    }

    /** Knocking out edges: the rest of the row shares the weight, a row with no key left attends to nothing, and a
     * trace rebuilt later applies the same knockout (bit for bit). */
    @Test
    void knockedOutEdgesAreZeroTheRestRenormalisesAndRebuiltHeadsAgree() {
        ModelSpec c = Recipes.named("llama3");
        Transformer model = RandomWeights.create(c, 13, Kernels.best());
        Tokens tokens = tokens(T, Recipes.V, 8);
        Intervention knock = new Intervention() {
            @Override
            public boolean blocks(int layer) {
                return layer == 1;
            }

            @Override
            public boolean blocked(int layer, int head, int i, int j) {
                return head == 0 && (j == 0 || i == 5); // the first key from every query; all of row 5
            }
        };
        AttentionTrace plain = AttentionTrace.capture(model, tokens), knocked = AttentionTrace.capture(model, tokens, knock);
        HeadMatrices p = plain.head(1, 0), k = knocked.head(1, 0);
        for (int i = 1; i < T; i++) {
            assertEquals(0f, k.weight(i, 0), 0f);
            double rest = 0, sum = 0;
            for (int j = 1; j <= i; j++) rest += p.weight(i, j);
            for (int j = 0; j < T; j++) sum += k.weight(i, j);
            if (i == 5) assertEquals(0, sum, 0, "row 5 has no key left: it attends to nothing");
            else {
                assertEquals(1, sum, 1e-5);
                for (int j = 1; j <= i; j++) assertEquals(p.weight(i, j) / rest, k.weight(i, j), 1e-5, "renormalised");
            }
        }
        for (float x : knocked.headOutput(1, 0, 5)) assertEquals(0f, x, 0f);
        assertArrayEquals(plain.head(0, 0).weights(), knocked.head(0, 0).weights(), 0f, "other layers untouched");
        Map<String, float[]> tapped = new HashMap<>();
        model.forward(tokens.ids(), new KvCache(c, T), new ForwardObserver() {
            @Override
            public boolean wantsHeadMatrices(int layer) {
                return layer == 1;
            }

            @Override
            public synchronized void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
                tapped.put(layer + "." + head, weights.clone());
            }
        }, knock);
        assertArrayEquals(tapped.get("1.0"), k.weights(), 0f, "the rebuilt head applies the pass's knockout");
    }
}
