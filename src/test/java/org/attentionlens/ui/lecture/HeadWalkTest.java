package org.attentionlens.ui.lecture;

import org.attentionlens.model.ArchitectureKind;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.Norm;
import org.attentionlens.tensor.Activations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every number a lecture stage shows, checked against the pass or an independent recomputation in double
 * precision with plain loops. Tolerances: 1e-6 for softmax weights, 1e-5 for head-sized sums, 1e-4 for
 * D-wide matmuls and the block's output.
 */
class HeadWalkTest {

    private static AttentionTrace trace(LoadedModel m) {
        return AttentionTrace.capture(m.transformer(), m.tokenizer().encode(LectureFixtures.CAT));
    }

    @ParameterizedTest
    @EnumSource(ArchitectureKind.class)
    void projectionInputTimesTheHeadSlicesGivesThePassQueriesKeysAndValues(ArchitectureKind kind) {
        LoadedModel m = LectureFixtures.model(kind, 1);
        AttentionTrace trace = trace(m);
        ModelConfig c = m.config();
        int D = c.dModel(), Dh = c.dHead();
        for (int l = 0; l < c.layers(); l++) {
            HeadWalk w = HeadWalk.fromTrace(trace, l, 2, 3, 1);
            float[] in = w.projectionInput(), wq = w.wq(), wk = w.wk(), wv = w.wv();
            float[] bq = w.bq(), bk = w.bk(), bv = w.bv();
            for (int t = 0; t < trace.length(); t++) {
                float[] q = trace.query(l, 2, t), k = trace.key(l, 2, t), v = trace.value(l, 2, t);
                for (int d = 0; d < Dh; d++) {
                    double sq = bq[d], sk = bk[d], sv = bv[d];
                    for (int e = 0; e < D; e++) {
                        sq += (double) in[t * D + e] * wq[e * Dh + d];
                        sk += (double) in[t * D + e] * wk[e * Dh + d];
                        sv += (double) in[t * D + e] * wv[e * Dh + d];
                    }
                    assertEquals(q[d], sq, 1e-4, "q layer " + l + " token " + t);
                    assertEquals(k[d], sk, 1e-4, "k layer " + l + " token " + t);
                    assertEquals(v[d], sv, 1e-4, "v layer " + l + " token " + t);
                }
            }
        }
    }

    @Test
    void preNormInputIsTheLayerNormOfTheResidualStream() {
        LoadedModel m = LectureFixtures.model(ArchitectureKind.GPT2, 2);
        AttentionTrace trace = trace(m);
        HeadWalk w = HeadWalk.fromTrace(trace, 1, 0, 4, 2);
        int D = m.config().dModel();
        float[] x = trace.residual(0), in = w.projectionInput();
        assertArrayEquals(x, w.blockInput(), 0f, "block input = residual stream after layer 0");
        Norm n = m.transformer().weights().layers().get(1).norm1();
        for (int t = 0; t < trace.length(); t++) {
            double[] ln = layerNorm(x, t * D, D, n, m.config().eps());
            for (int d = 0; d < D; d++) assertEquals(ln[d], in[t * D + d], 1e-5, "LN1 token " + t);
        }
        HeadWalk first = HeadWalk.fromTrace(trace, 0, 0, 4, 2);
        assertArrayEquals(trace.embeddings(), first.blockInput(), 0f, "layer 0 reads the embeddings");
    }

    @ParameterizedTest
    @EnumSource(ArchitectureKind.class)
    void dotProductScaleAndSoftmaxReproduceThePassWeights(ArchitectureKind kind) {
        LoadedModel m = LectureFixtures.model(kind, 3);
        AttentionTrace trace = trace(m);
        int Dh = m.config().dHead(), T = trace.length();
        for (int i = 0; i < T; i++) {
            HeadWalk w = HeadWalk.fromTrace(trace, 2, 1, i, 0);
            float[] q = w.q();
            double total = 0;
            for (int j = 0; j < T; j++) {
                double dot = 0;
                float[] k = w.k(j);
                for (int d = 0; d < Dh; d++) dot += (double) q[d] * k[d];
                assertEquals(dot, w.rawScore(j), 1e-5, "raw q·k");
                assertEquals(trace.head(2, 1).score(i, j), w.rawScore(j) / w.scaleDivisor(), 1e-5, "÷√Dh");
                assertEquals(trace.head(2, 1).weight(i, j), w.exp(j) / w.expSum(), 1e-6, "e^(s−max)/Σ");
                assertEquals(trace.head(2, 1).weight(i, j), w.weight(j), 0f);
                if (w.masked(i, j)) {
                    assertTrue(kind.causal() && j > i);
                    assertEquals(0f, w.weight(j), 0f, "masked keys get weight 0");
                }
                total += w.weight(j);
            }
            assertEquals(1.0, total, 1e-5);
            double sumOfProducts = 0;
            for (float p : w.products()) sumOfProducts += p;
            assertEquals(w.rawScore(w.key()), sumOfProducts, 1e-5, "the written-out terms add up to q·k");
        }
    }

    @ParameterizedTest
    @EnumSource(ArchitectureKind.class)
    void weightedValuesSumToTheHeadOutputAndConcatHoldsEveryHead(ArchitectureKind kind) {
        LoadedModel m = LectureFixtures.model(kind, 4);
        AttentionTrace trace = trace(m);
        int Dh = m.config().dHead();
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
        for (int h = 0; h < m.config().heads(); h++)
            for (int d = 0; d < Dh; d++) assertEquals(trace.headOutput(1, h, 5)[d], concat[h * Dh + d], 0f);
    }

    /** concat·W_O + b_O, added to x, then the MLP recomputed here, must give the pass's block output. */
    @ParameterizedTest
    @EnumSource(ArchitectureKind.class)
    void residualAfterAttentionLeadsToTheBlockOutput(ArchitectureKind kind) {
        LoadedModel m = LectureFixtures.model(kind, 5);
        AttentionTrace trace = trace(m);
        ModelConfig c = m.config();
        int D = c.dModel(), HDh = c.qWidth(), l = 1, i = 4;
        LayerWeights lw = m.transformer().weights().layers().get(l);
        HeadWalk w = HeadWalk.fromTrace(trace, l, 0, i, 0);
        float[] concat = w.concat(), wo = lw.wo().toRowMajor();
        double[] attn = new double[D];
        for (int e = 0; e < D; e++) {
            attn[e] = lw.bo()[e];
            for (int k = 0; k < HDh; k++) attn[e] += (double) concat[k] * wo[k * D + e];
            assertEquals(attn[e], w.attentionOutput()[e], 1e-4, "concat·W_O + b_O");
        }
        float[] x = w.blockInputRow(), after = w.afterAttention();
        for (int e = 0; e < D; e++) assertEquals(x[e] + attn[e], after[e], 1e-4, "x + attention");

        float[] expected = java.util.Arrays.copyOfRange(trace.residual(l), i * D, (i + 1) * D);
        double[] block;
        if (kind.causal()) {
            double[] mlp = mlp(layerNorm(after, 0, D, lw.norm2(), c.eps()), lw, c, false);
            block = new double[D];
            for (int e = 0; e < D; e++) block[e] = after[e] + mlp[e];
            assertEquals(null, w.postNorm());
        } else {
            double[] h = layerNorm(after, 0, D, lw.norm1(), c.eps());
            float[] post = w.postNorm();
            for (int e = 0; e < D; e++) assertEquals(h[e], post[e], 1e-4, "LN1(x + attention)");
            double[] mlp = mlp(h, lw, c, true);
            float[] sum = new float[D];
            for (int e = 0; e < D; e++) sum[e] = (float) (h[e] + mlp[e]);
            block = layerNorm(sum, 0, D, lw.norm2(), c.eps());
        }
        for (int e = 0; e < D; e++) assertEquals(expected[e], block[e], 1e-4, "block output " + e);
    }

    @Test
    void aDecodeStepWalkHasTheFullPassNumbersWithCachedKeysAndValues() {
        LoadedModel m = LectureFixtures.model(ArchitectureKind.GPT2, 6);
        AttentionTrace trace = trace(m);
        int prefix = 6;
        DecodeStepCapture step = DecodeStepCapture.run(m.transformer(), trace.tokens(), prefix);
        for (int l = 0; l < m.config().layers(); l++)
            for (int h = 0; h < m.config().heads(); h++) {
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
        LoadedModel bert = LectureFixtures.model(ArchitectureKind.BERT, 7);
        AttentionTrace trace = trace(bert);
        var e = assertThrows(IllegalArgumentException.class, () -> HeadWalk.fromTrace(trace, 3, 0, 0, 0));
        assertTrue(e.getMessage().contains("layers 0…2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HeadWalk.fromTrace(trace, 0, 0, 99, 0));
        assertTrue(e.getMessage().contains("query token 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DecodeStepCapture.run(bert.transformer(), trace.tokens(), 3));
        assertTrue(e.getMessage().contains("causal"), e.getMessage());
        LoadedModel gpt = LectureFixtures.model(ArchitectureKind.GPT2, 7);
        e = assertThrows(IllegalArgumentException.class,
                () -> DecodeStepCapture.run(gpt.transformer(), trace(gpt).tokens(), 0));
        assertTrue(e.getMessage().contains("prefix from 1"), e.getMessage());
    }

    private static double[] layerNorm(float[] x, int off, int D, Norm n, float eps) {
        double mean = 0, var = 0;
        for (int d = 0; d < D; d++) mean += x[off + d];
        mean /= D;
        for (int d = 0; d < D; d++) var += (x[off + d] - mean) * (x[off + d] - mean);
        var /= D;
        double[] out = new double[D];
        for (int d = 0; d < D; d++) out[d] = (x[off + d] - mean) / Math.sqrt(var + eps) * n.gamma()[d] + n.beta()[d];
        return out;
    }

    private static double[] layerNorm(double[] x, int off, int D, Norm n, float eps) {
        float[] f = new float[D];
        for (int d = 0; d < D; d++) f[d] = (float) x[off + d];
        return layerNorm(f, 0, D, n, eps);
    }

    private static double[] mlp(double[] in, LayerWeights lw, ModelConfig c, boolean erf) {
        int D = c.dModel(), F = c.dFF();
        float[] w1 = lw.w1().toRowMajor(), w2 = lw.w2().toRowMajor();
        double[] hidden = new double[F], out = new double[D];
        for (int f = 0; f < F; f++) {
            double s = lw.b1()[f];
            for (int d = 0; d < D; d++) s += in[d] * w1[d * F + f];
            hidden[f] = erf ? Activations.geluErf((float) s) : Activations.geluTanh((float) s);
        }
        for (int d = 0; d < D; d++) {
            double s = lw.b2()[d];
            for (int f = 0; f < F; f++) s += hidden[f] * w2[f * D + d];
            out[d] = s;
        }
        return out;
    }
}
