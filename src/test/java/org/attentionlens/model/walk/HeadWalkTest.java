package org.attentionlens.model.walk;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Norm;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Residual;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number a lecture stage shows, in every family's recipe, checked against the pass or an independent
 * recomputation in double precision with plain loops (norms, projections, MLPs written out here from the spec).
 * Tolerances: 1e-6 for softmax weights, 1e-5 for head-sized sums, 1e-4 for D-wide products and the block output.
 * Legend as in {@link ModelSpec}.
 */
class HeadWalkTest {
    static final Tokenizer NO_TOKENIZER = new ByteTokenizer(false);
    private static final int T = 14;

    static List<String> recipes() {
        return Recipes.names();
    }

    /** T random ids the recipe's vocabulary holds. */
    static Tokens text(ModelSpec c) {
        SplittableRandom rnd = new SplittableRandom(c.id().hashCode());
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(c.vocabSize());
        return Tokens.ofIds(ids, null);
    }

    private static AttentionTrace trace(String recipe, long seed) {
        ModelSpec c = Recipes.named(recipe);
        return AttentionTrace.capture(RandomWeights.create(c, seed, Kernels.best()), text(c));
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void theProjectionsOfWhatTheyReadGiveThePassValuesAndUnrotatedQueriesAndKeys(String recipe) {
        AttentionTrace trace = trace(recipe, 1);
        ModelSpec c = trace.config();
        int D = c.dModel(), Dh = c.dHead(), h = 2;
        for (int l = 0; l < c.layers(); l++) {
            HeadWalk w = HeadWalk.fromTrace(trace, l, h, 3, 1);
            float[] in = w.projectionInput(), wq = w.wq(), wk = w.wk(), wv = w.wv(), bq = w.bq(), bk = w.bk(), bv = w.bv();
            float[] q0 = w.unrotatedQueries(), k0 = w.unrotatedKeys();
            for (int t = 0; t < T; t++) {
                float[] v = trace.value(l, h, t);
                for (int d = 0; d < Dh; d++) {
                    double sq = bq[d], sk = bk[d], sv = bv[d];
                    for (int e = 0; e < D; e++) {
                        sq += (double) in[t * D + e] * wq[e * Dh + d];
                        sk += (double) in[t * D + e] * wk[e * Dh + d];
                        sv += (double) in[t * D + e] * wv[e * Dh + d];
                    }
                    assertEquals(q0[t * Dh + d], sq, 1e-4, "unrotated q, layer " + l + " token " + t);
                    assertEquals(k0[t * Dh + d], sk, 1e-4, "unrotated k, layer " + l + " token " + t);
                    assertEquals(v[d], sv, 1e-4, "v layer " + l + " token " + t);
                }
            }
            if (!c.rotary() && c.attention().qkNorm() == org.attentionlens.model.AttentionSpec.QkNorm.NONE)
                assertArrayEquals(w.unrotatedQueries(), w.queries(), 0f, "nothing turns q without RoPE or QK-norm");
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void qAndKBeforeRopeAreTheirQkNormOrThemselves(String recipe) {
        AttentionTrace trace = trace(recipe, 4);
        ModelSpec c = trace.config();
        int Dh = c.dHead(), l = c.layers() - 1, h = 1;
        HeadWalk w = HeadWalk.fromTrace(trace, l, h, 5, 2);
        float[] q0 = w.unrotatedQueries(), k0 = w.unrotatedKeys(), q1 = w.normedQueries(), k1 = w.normedKeys();
        var aw = trace.model().weights().layers().get(l).attention();
        for (int t = 0; t < T; t++) {
            switch (c.attention().qkNorm()) {
                case NONE -> {
                    assertArrayEquals(Arrays.copyOfRange(q0, t * Dh, (t + 1) * Dh), Arrays.copyOfRange(q1, t * Dh, (t + 1) * Dh), 0f);
                    assertArrayEquals(Arrays.copyOfRange(k0, t * Dh, (t + 1) * Dh), Arrays.copyOfRange(k1, t * Dh, (t + 1) * Dh), 0f);
                }
                case PER_HEAD -> { // each head's Dh numbers normalised with the layer's q_norm / k_norm scales
                    double[] q = norm(c, q0, t * Dh, Dh, aw.qNorm()), k = norm(c, k0, t * Dh, Dh, aw.kNorm());
                    for (int d = 0; d < Dh; d++) {
                        assertEquals(q[d], q1[t * Dh + d], 1e-5, "q after QK-norm, token " + t);
                        assertEquals(k[d], k1[t * Dh + d], 1e-5, "k after QK-norm, token " + t);
                    }
                }
                case WHOLE -> assertTrue(Math.abs(q1[t * Dh] - q0[t * Dh]) > 0, "the whole projection's norm moves q");
            }
        }
        float[][] qn = w.queryNorm();
        assertArrayEquals(Arrays.copyOfRange(q1, 5 * Dh, 6 * Dh), qn[1], 0f, "the query token's normed q");
        assertArrayEquals(Arrays.copyOfRange(k1, 5 * Dh, 6 * Dh), w.ownKeyNorm()[1], 0f, "and its own k");
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void theProjectionsReadTheNormOfTheStreamWherePreNormFamiliesPutIt(String recipe) {
        AttentionTrace trace = trace(recipe, 2);
        ModelSpec c = trace.config();
        Transformer model = trace.model();
        int D = c.dModel(), l = 1;
        HeadWalk w = HeadWalk.fromTrace(trace, l, 0, 4, 2);
        float[] x = trace.residual(0), in = w.projectionInput();
        assertArrayEquals(x, w.blockInput(), 0f, "block input = residual stream after layer 0");
        assertArrayEquals(trace.embeddings(), HeadWalk.fromTrace(trace, 0, 0, 4, 2).blockInput(), 0f, "layer 0 reads the embeddings");
        assertEquals(c.residual().normBefore(), w.preNorm());
        Norm n = model.weights().layers().get(l).attentionNorm();
        for (int t = 0; t < T; t++) {
            double[] expected = w.preNorm() ? norm(c, x, t * D, D, n) : toDouble(x, t * D, D);
            for (int d = 0; d < D; d++) assertEquals(expected[d], in[t * D + d], 1e-5, "attention input " + t);
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void dotProductScaleCapAndSoftmaxReproduceThePassWeights(String recipe) {
        AttentionTrace trace = trace(recipe, 3);
        ModelSpec c = trace.config();
        int Dh = c.dHead(), l = c.layers() - 1;
        double cap = c.attention().softcap();
        for (int i = 0; i < T; i++) {
            HeadWalk w = HeadWalk.fromTrace(trace, l, 1, i, 0);
            float[] q = w.q();
            double total = 0;
            for (int j = 0; j < T; j++) {
                double dot = 0;
                float[] k = w.k(j);
                for (int d = 0; d < Dh; d++) dot += (double) q[d] * k[d];
                assertEquals(dot, w.rawScore(j), 1e-5, "raw q·k");
                double scaled = w.rawScore(j) / w.scaleDivisor();
                assertEquals(trace.head(l, 1).score(i, j), cap > 0 ? cap * Math.tanh(scaled / cap) : scaled, 1e-5, "scaled");
                assertEquals(trace.head(l, 1).weight(i, j), w.exp(j) / w.expSum(), 1e-6, "e^(s−max)/Σ");
                assertEquals(trace.head(l, 1).weight(i, j), w.weight(j), 0f);
                int window = c.attention().window(l);
                boolean hidden = (c.causal() && j > i) || (window > 0 && i - j >= window);
                assertEquals(hidden, w.masked(i, j), "masked " + i + "," + j);
                if (hidden) assertEquals(0f, w.weight(j), 0f, "masked keys get weight 0");
                total += w.weight(j);
            }
            assertEquals(1.0, total, 1e-5);
            double sumOfProducts = 0;
            for (float p : w.products()) sumOfProducts += p;
            assertEquals(w.rawScore(w.key()), sumOfProducts, 1e-5, "the written-out terms add up to q·k");
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void weightedValuesSumToTheHeadOutputAndConcatHoldsEveryHead(String recipe) {
        AttentionTrace trace = trace(recipe, 4);
        ModelSpec c = trace.config();
        int Dh = c.dHead();
        HeadWalk w = HeadWalk.fromTrace(trace, 1, 3, 5, 2);
        double[] sum = new double[Dh];
        for (int j = 0; j < w.keyCount(); j++) {
            float[] av = w.weightedValue(j), v = w.v(j);
            for (int d = 0; d < Dh; d++) {
                assertEquals(w.weight(j) * v[d], av[d], 1e-7);
                sum[d] += av[d];
            }
        }
        float[] out = w.headOutput();
        for (int d = 0; d < Dh; d++) assertEquals(sum[d], out[d], 1e-5, "Σ α v = head output");
        assertArrayEquals(trace.headOutput(1, 3, 5), out, 0f);
        float[] concat = w.concat();
        for (int h = 0; h < c.heads(); h++)
            for (int d = 0; d < Dh; d++) assertEquals(trace.headOutput(1, h, 5)[d], concat[h * Dh + d], 0f);
    }

    /** concat·W_O + b_O, normed where the family norms it, added to x, then the MLP recomputed here, gives the block output. */
    @ParameterizedTest
    @MethodSource("recipes")
    void attentionsOutputAndTheMlpLeadToTheBlockOutput(String recipe) {
        AttentionTrace trace = trace(recipe, 5);
        ModelSpec c = trace.config();
        int D = c.dModel(), HDh = c.qWidth(), l = 1, i = 4;
        LayerWeights lw = trace.model().weights().layers().get(l);
        HeadWalk w = HeadWalk.fromTrace(trace, l, 0, i, 0);
        float[] concat = w.concat(), wo = lw.attention().wo().toRowMajor();
        double[] projected = new double[D];
        for (int e = 0; e < D; e++) {
            projected[e] = lw.attention().bo() == null ? 0 : lw.attention().bo()[e];
            for (int k = 0; k < HDh; k++) projected[e] += (double) concat[k] * wo[k * D + e];
            assertEquals(projected[e], w.projected()[e], 1e-4, "concat·W_O + b_O");
        }
        double[] attn = c.residual().normAfter() ? norm(c, toFloat(projected), 0, D, lw.attentionOutputNorm()) : projected;
        for (int e = 0; e < D; e++) assertEquals(attn[e], w.attentionOutput()[e], 1e-4, "what attention adds");
        float[] x = w.blockInputRow(), after = w.afterAttention();
        for (int e = 0; e < D; e++) assertEquals(x[e] + attn[e], after[e], 1e-4, "x + attention");

        float[] expected = Arrays.copyOfRange(trace.residual(l), i * D, (i + 1) * D);
        double[] block = new double[D];
        switch (c.residual()) {
            case POST_NORM -> {
                double[] h = norm(c, after, 0, D, lw.attentionNorm());
                float[] post = w.postNorm();
                for (int e = 0; e < D; e++) assertEquals(h[e], post[e], 1e-4, "N1(x + attention)");
                double[] mlp = mlp(c, h, lw.mlp());
                float[] sum = new float[D];
                for (int e = 0; e < D; e++) sum[e] = (float) (h[e] + mlp[e]);
                block = norm(c, sum, 0, D, lw.mlpNorm());
            }
            case PARALLEL -> {
                double[] mlp = mlp(c, norm(c, x, 0, D, lw.mlpNorm()), lw.mlp());
                for (int e = 0; e < D; e++) block[e] = x[e] + attn[e] + mlp[e];
            }
            default -> {
                assertNull(w.postNorm());
                double[] in = c.residual().normBefore() ? norm(c, after, 0, D, lw.mlpNorm()) : toDouble(after, 0, D);
                for (int e = 0; e < D; e++) assertEquals(in[e], w.mlpInput()[e], 1e-4, "what the MLP reads");
                double[] mlp = mlp(c, in, lw.mlp());
                if (c.residual().normAfter()) mlp = norm(c, toFloat(mlp), 0, D, lw.mlpOutputNorm());
                for (int e = 0; e < D; e++) block[e] = after[e] + mlp[e];
            }
        }
        for (int e = 0; e < D; e++) assertEquals(expected[e], block[e], 1e-4, "block output " + e);
    }

    @ParameterizedTest
    @MethodSource("org.attentionlens.model.walk.DecodeStepCaptureTest#causalRecipes")
    void aDecodeStepWalkHasTheFullPassNumbersWithCachedKeysAndValues(String recipe) {
        AttentionTrace trace = trace(recipe, 6);
        ModelSpec c = trace.config();
        int prefix = 10;
        DecodeStepCapture step = DecodeStepCapture.run(trace.model(), trace.tokens(), prefix);
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                HeadWalk d = step.walk(l, h, 2), f = HeadWalk.fromTrace(trace, l, h, prefix, 2);
                assertTrue(d.decode());
                assertEquals(prefix, d.query());
                assertEquals(prefix, d.firstComputed());
                assertEquals(1, d.computedRows());
                assertEquals(prefix + 1, d.keyCount());
                assertArrayEquals(f.blockInputRow(), d.blockInputRow(), 1e-5f);
                assertArrayEquals(f.projectionInputRow(), d.projectionInputRow(), 1e-5f);
                assertArrayEquals(f.q(), d.q(), 1e-5f);
                for (int j = 0; j <= prefix; j++) {
                    assertArrayEquals(f.k(j), d.k(j), 1e-5f, "cached key " + j);
                    assertArrayEquals(f.v(j), d.v(j), 1e-5f, "cached value " + j);
                    assertEquals(f.score(j), d.score(j), 1e-5f);
                    assertEquals(f.weight(j), d.weight(j), 1e-6f);
                    assertEquals(d.weight(j), d.exp(j) / d.expSum(), 1e-6);
                }
                assertArrayEquals(f.headOutput(), d.headOutput(), 1e-5f);
                assertArrayEquals(f.attentionOutput(), d.attentionOutput(), 1e-4f);
                assertArrayEquals(f.afterAttention(), d.afterAttention(), 1e-4f);
            }
    }

    @Test
    void badSelectionsAndEncoderDecodeSayWhatIsWrong() {
        AttentionTrace bert = trace("bert", 7);
        var e = assertThrows(IllegalArgumentException.class, () -> HeadWalk.fromTrace(bert, 3, 0, 0, 0));
        assertTrue(e.getMessage().contains("layers 0…2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeadWalk.fromTrace(bert, 0, 0, 99, 0));
        assertTrue(e.getMessage().contains("query token 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecodeStepCapture.run(bert.model(), bert.tokens(), 3));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        AttentionTrace gpt = trace("gpt2", 7);
        e = assertThrows(IllegalArgumentException.class, () -> DecodeStepCapture.run(gpt.model(), gpt.tokens(), 0));
        assertTrue(e.getMessage().contains("prefix from 1"), e.getMessage());
    }

    /** The spec's norm (LayerNorm or RMSNorm, with the stored scale and optional shift) of x[off … off+D), in double. */
    static double[] norm(ModelSpec c, float[] x, int off, int D, Norm n) {
        double mean = 0, var = 0;
        if (!c.norm().rms()) {
            for (int d = 0; d < D; d++) mean += x[off + d];
            mean /= D;
        }
        for (int d = 0; d < D; d++) var += (x[off + d] - mean) * (x[off + d] - mean);
        var /= D;
        double[] out = new double[D];
        for (int d = 0; d < D; d++)
            out[d] = (x[off + d] - mean) / Math.sqrt(var + c.eps()) * n.gamma()[d] + (n.beta() == null ? 0 : n.beta()[d]);
        return out;
    }

    private static double[] norm(ModelSpec c, double[] x, int off, int D, Norm n) {
        return norm(c, toFloat(x), off, D, n);
    }

    /** The spec's MLP in double: down(act(gate·x) · (up·x)) or down(act(up·x)), with biases where present. */
    static double[] mlp(ModelSpec c, double[] in, MlpWeights m) {
        int D = c.dModel(), F = c.dFF();
        double[] up = linear(in, m.up().toRowMajor(), m.bUp(), D, F), hidden = new double[F];
        double[] gate = m.gate() == null ? null : linear(in, m.gate().toRowMajor(), m.bGate(), D, F);
        for (int f = 0; f < F; f++)
            hidden[f] = gate == null ? act(c, up[f]) : act(c, gate[f]) * up[f];
        return linear(hidden, m.down().toRowMajor(), m.bDown(), F, D);
    }

    private static double act(ModelSpec c, double x) {
        return switch (c.mlp().activation()) {
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            case GELU_ERF -> org.attentionlens.tensor.Activations.geluErf((float) x);
            case SILU -> x / (1 + Math.exp(-x));
            case RELU -> Math.max(0, x);
        };
    }

    private static double[] linear(double[] in, float[] w, float[] b, int K, int N) {
        double[] out = new double[N];
        for (int n = 0; n < N; n++) {
            double s = b == null ? 0 : b[n];
            for (int k = 0; k < K; k++) s += in[k] * w[k * N + n];
            out[n] = s;
        }
        return out;
    }

    private static double[] toDouble(float[] x, int off, int D) {
        double[] out = new double[D];
        for (int d = 0; d < D; d++) out[d] = x[off + d];
        return out;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int d = 0; d < x.length; d++) f[d] = (float) x[d];
        return f;
    }
}
