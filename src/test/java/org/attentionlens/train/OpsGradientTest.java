package org.attentionlens.train;

import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every backward against central finite differences of a scalar probe loss Σ out ∘ G (G fixed random).
 * Float32 forward, step h = 1e-2 on inputs of scale ~1: the difference quotient is good to ~1e-3 relative,
 * so each gradient entry must match within 1e-2 relative (absolute floor 1e-3 for entries near zero).
 */
class OpsGradientTest {
    private static final Kernels KN = Kernels.scalar();
    private static final float H = 1e-2f;
    private final SplittableRandom rnd = new SplittableRandom(7);

    @Test
    void linearBackwardMatchesFiniteDifferences() {
        int R = 5, K = 6, N = 7;
        float[] in = random(R * K, 1), w = random(K * N, 0.5), b = random(N, 0.5), g = random(R * N, 1);
        float[] out = new float[R * N];
        DoubleSupplier loss = () -> {
            Ops.linear(KN, out, in, w, b, R, K, N);
            return dot(out, g);
        };
        float[] dIn = new float[R * K], dW = new float[K * N], dB = new float[N];
        Ops.linearBackward(KN, dIn, dW, dB, in, g, w, R, K, N);
        check("dIn", in, dIn, loss);
        check("dW", w, dW, loss);
        check("dB", b, dB, loss);
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        int R = 4, D = 8;
        float[] in = random(R * D, 1.5), gamma = random(D, 1), beta = random(D, 1), g = random(R * D, 1);
        float[] out = new float[R * D];
        DoubleSupplier loss = () -> {
            Ops.layerNorm(KN, out, in, gamma, beta, R, D, 1e-5f);
            return dot(out, g);
        };
        float[] dIn = new float[R * D], dG = new float[D], dB = new float[D];
        Ops.layerNormBackward(dIn, dG, dB, in, gamma, g, R, D, 1e-5f);
        check("dIn", in, dIn, loss);
        check("dGamma", gamma, dG, loss);
        check("dBeta", beta, dB, loss);
    }

    @Test
    void geluBackwardMatchesFiniteDifferences() {
        int n = 40;
        float[] pre = random(n, 2), g = random(n, 1), act = new float[n];
        DoubleSupplier loss = () -> {
            Ops.gelu(KN, act, pre, n);
            return dot(act, g);
        };
        float[] dPre = new float[n];
        Ops.geluBackward(dPre, pre, g, n);
        check("dPre", pre, dPre, loss);
    }

    @Test
    void causalAttentionBackwardMatchesFiniteDifferences() {
        int B = 2, T = 5, Hh = 2, Dh = 3, D = Hh * Dh;
        float[] qkv = random(B * T * 3 * D, 1), g = random(B * T * D, 1);
        float[] out = new float[B * T * D], probs = new float[B * Hh * T * T];
        DoubleSupplier loss = () -> {
            Ops.attention(KN, out, probs, qkv, B, T, Hh, Dh);
            return dot(out, g);
        };
        loss.getAsDouble();
        float[] dQkv = new float[qkv.length];
        Ops.attentionBackward(KN, dQkv, g, qkv, probs, B, T, Hh, Dh);
        check("dQkv", qkv, dQkv, loss);
    }

    @Test
    void embeddingBackwardMatchesFiniteDifferences() {
        int B = 2, T = 3, D = 4, V = 5;
        int[] ids = {1, 4, 1, 0, 2, 4};
        float[] wte = random(V * D, 1), wpe = random(T * D, 1), g = random(B * T * D, 1), x = new float[B * T * D];
        DoubleSupplier loss = () -> {
            Ops.embed(x, ids, wte, wpe, B * T, T, D);
            return dot(x, g);
        };
        float[] dWte = new float[V * D], dWpe = new float[T * D];
        Ops.embedBackward(dWte, dWpe, g, ids, B * T, T, D);
        check("dWte", wte, dWte, loss);
        check("dWpe", wpe, dWpe, loss);
    }

    @Test
    void tiedHeadAndCrossEntropyBackwardMatchFiniteDifferences() {
        int R = 4, V = 9, D = 5;
        int[] targets = {3, 0, 8, 3};
        float[] h = random(R * D, 1), wte = random(V * D, 1), logits = new float[R * V];
        float scale = 1f / R;
        DoubleSupplier loss = () -> {
            Ops.tiedHead(KN, logits, h, Ops.transpose(wte, V, D), R, V, D);
            return Ops.crossEntropy(KN, logits, targets, R, V, 0f, false) * scale;
        };
        Ops.tiedHead(KN, logits, h, Ops.transpose(wte, V, D), R, V, D);
        Ops.crossEntropy(KN, logits, targets, R, V, scale, true);
        float[] dH = new float[R * D], dWte = new float[V * D];
        Ops.tiedHeadBackward(KN, dH, dWte, logits, h, wte, R, V, D);
        check("dH", h, dH, loss);
        check("dWte", wte, dWte, loss);
    }

    @Test
    void wholeModelBackwardMatchesFiniteDifferences() {
        var c = GptParams.shape("tiny", 2, 2, 8, 6, 11);
        GptParams p = GptParams.init(c, 3);
        // Larger than GPT-2's init so every path carries a gradient well above float noise.
        for (GptParams.Param q : p.all())
            if (q.decay()) for (int i = 0; i < q.size(); i++) q.value()[i] = (float) rnd.nextGaussian() * 0.4f;
            else for (int i = 0; i < q.size(); i++) q.value()[i] += (float) rnd.nextGaussian() * 0.2f;
        int B = 2;
        int[] ids = new int[B * c.context()], targets = new int[B * c.context()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rnd.nextInt(c.vocabSize());
            targets[i] = rnd.nextInt(c.vocabSize());
        }
        GptPass pass = new GptPass(KN, c, B);
        float scale = 1f / ids.length;
        float[][] grads = p.newGradients();
        pass.forwardBackward(p, ids, targets, grads, scale);
        DoubleSupplier loss = () -> pass.forward(p, ids, targets) * scale;
        for (int i = 0; i < p.all().size(); i++) check(p.all().get(i).name(), p.all().get(i).value(), grads[i], loss);
    }

    /** Checks up to 12 entries of x (spread over the array) against central differences of loss. */
    private static void check(String what, float[] x, float[] grad, DoubleSupplier loss) {
        int step = Math.max(1, x.length / 12);
        for (int i = 0; i < x.length; i += step) {
            float saved = x[i];
            x[i] = saved + H;
            double up = loss.getAsDouble();
            x[i] = saved - H;
            double down = loss.getAsDouble();
            x[i] = saved;
            double numeric = (up - down) / (2 * H);
            double err = Math.abs(numeric - grad[i]) / Math.max(1e-1, Math.max(Math.abs(numeric), Math.abs(grad[i])));
            assertTrue(err < 1e-2 || Math.abs(numeric - grad[i]) < 1e-3,
                    what + "[" + i + "]: analytic " + grad[i] + " vs numeric " + numeric);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * scale);
        return a;
    }
}
