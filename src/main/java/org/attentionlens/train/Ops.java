package org.attentionlens.train;

import org.attentionlens.model.AttentionMask;
import org.attentionlens.model.AttentionMath;
import org.attentionlens.tensor.Activation;
import org.attentionlens.tensor.Activations;
import org.attentionlens.tensor.Kernels;

/**
 * The training ops of a GPT-2 block, each as a forward (the very kernels inference runs) and its backward.
 * Legend: R rows (the tokens of B sequences, B·T), T tokens per sequence, K input width, N output width,
 * D model width, H heads, Dh head width, V vocabulary.
 * <p>Gradient conventions: a backward <em>overwrites</em> parameter gradients (each parameter is used once per
 * pass) except where it says "adds", and <em>adds</em> into the gradient of its input when that input is the
 * residual stream (so the residual's own path needs no extra copy).
 */
final class Ops {
    private Ops() {
    }

    /**
     * out (R, N) = in (R, K) · w (K, N) + b (N), w row-major. Inference runs the same product through the
     * kernels' packed matmul; the strided one reads w as it is, so nothing is repacked every step.
     */
    static void linear(Kernels kn, float[] out, float[] in, float[] w, float[] b, int R, int K, int N) {
        kn.matmulStrided(out, 0, N, in, 0, K, w, 0, N, R, K, N);
        for (int r = 0; r < R; r++)
            for (int n = 0; n < N; n++) out[r * N + n] += b[n];
    }

    /**
     * Backward of {@link #linear}: dIn (R, K) = dOut · wᵀ (overwritten; skipped when dIn is null),
     * dW (K, N) = inᵀ · dOut, dB (N) = Σ_r dOut[r]. w is row-major (K, N).
     */
    static void linearBackward(Kernels kn, float[] dIn, float[] dW, float[] dB, float[] in, float[] dOut,
                               float[] w, int R, int K, int N) {
        if (dIn != null) kn.matmulStrided(dIn, 0, K, dOut, 0, N, transpose(w, K, N), 0, K, R, N, K);
        float[] inT = transpose(in, R, K); // (K, R)
        kn.matmulStrided(dW, 0, N, inT, 0, R, dOut, 0, N, K, R, N);
        java.util.Arrays.fill(dB, 0f);
        for (int r = 0; r < R; r++)
            for (int n = 0; n < N; n++) dB[n] += dOut[r * N + n];
    }

    /** out (R, D) = LayerNorm(in) · gamma + beta. */
    static void layerNorm(Kernels kn, float[] out, float[] in, float[] gamma, float[] beta, int R, int D, float eps) {
        kn.layerNorm(out, in, gamma, beta, R, D, eps);
    }

    /**
     * Backward of {@link #layerNorm}: adds dIn (R, D); overwrites dGamma, dBeta (D). With x̂ = (x − μ)·ρ,
     * ρ = 1/√(σ² + eps) and g = dOut·γ: dx = ρ·(g − mean(g) − x̂·mean(g·x̂)).
     */
    static void layerNormBackward(float[] dIn, float[] dGamma, float[] dBeta, float[] in, float[] gamma,
                                  float[] dOut, int R, int D, float eps) {
        java.util.Arrays.fill(dGamma, 0f);
        java.util.Arrays.fill(dBeta, 0f);
        double[] xhat = new double[D]; // (D) one row normalised
        for (int r = 0; r < R; r++) {
            int o = r * D;
            double mean = 0;
            for (int d = 0; d < D; d++) mean += in[o + d];
            mean /= D;
            double var = 0;
            for (int d = 0; d < D; d++) var += (in[o + d] - mean) * (in[o + d] - mean);
            double rstd = 1.0 / Math.sqrt(var / D + eps);
            double meanG = 0, meanGx = 0;
            for (int d = 0; d < D; d++) {
                xhat[d] = (in[o + d] - mean) * rstd;
                double g = dOut[o + d] * gamma[d];
                meanG += g;
                meanGx += g * xhat[d];
                dGamma[d] += (float) (dOut[o + d] * xhat[d]);
                dBeta[d] += dOut[o + d];
            }
            meanG /= D;
            meanGx /= D;
            for (int d = 0; d < D; d++)
                dIn[o + d] += (float) (rstd * (dOut[o + d] * gamma[d] - meanG - xhat[d] * meanGx));
        }
    }

    /** act (n) = gelu_new(pre). */
    static void gelu(Kernels kn, float[] act, float[] pre, int n) {
        System.arraycopy(pre, 0, act, 0, n);
        kn.activate(act, n, Activation.GELU_TANH);
    }

    /** dPre (n) = dAct · gelu_new′(pre), overwritten. */
    static void geluBackward(float[] dPre, float[] pre, float[] dAct, int n) {
        for (int i = 0; i < n; i++) dPre[i] = dAct[i] * Activations.geluTanhGrad(pre[i]);
    }

    /**
     * Causal multi-head attention over B sequences of T tokens, as the inference pass computes it.
     * qkv (R, 3D) holds [q | k | v] per row with head h at columns h·Dh … (h+1)·Dh of each part;
     * out (R, D) gets the heads side by side; probs (B, H, T, T) keeps the softmax weights for the backward.
     */
    static void attention(Kernels kn, float[] out, float[] probs, float[] qkv, int B, int T, int H, int Dh) {
        int D = H * Dh, W = 3 * D;
        float scale = (float) (1.0 / Math.sqrt(Dh));
        float[] scores = new float[T * T];  // (T, T)
        float[] weights = new float[T * T]; // (T, T)
        for (int b = 0; b < B; b++)
            for (int h = 0; h < H; h++) {
                int row0 = b * T * W;
                AttentionMath.scores(kn, scores, qkv, row0 + h * Dh, W, qkv, row0 + D + h * Dh, W, T, T, 0, T, Dh,
                        scale, 0f);
                AttentionMath.softmax(kn, weights, scores, AttentionMask.CAUSAL, 0, 0, T, T);
                AttentionMath.mix(kn, out, b * T * D + h * Dh, D, weights, qkv, row0 + 2 * D + h * Dh, W, T, T, 0, T, Dh);
                System.arraycopy(weights, 0, probs, (b * H + h) * T * T, T * T);
            }
    }

    /**
     * Backward of {@link #attention}: dQkv (R, 3D) overwritten from dOut (R, D). Per head, with P the weights
     * and S the scaled scores: dP = dO·Vᵀ, dV = Pᵀ·dO, dS = P ∘ (dP − rowsum(P ∘ dP)), dQ = dS·K/√Dh,
     * dK = dSᵀ·Q/√Dh. Masked entries have P = 0, so they pass no gradient.
     */
    static void attentionBackward(Kernels kn, float[] dQkv, float[] dOut, float[] qkv, float[] probs,
                                  int B, int T, int H, int Dh) {
        int D = H * Dh, W = 3 * D;
        float scale = (float) (1.0 / Math.sqrt(Dh));
        float[] dP = new float[T * T]; // (T, T)
        float[] tmp = new float[T * T]; // (T, T) a transposed copy
        for (int b = 0; b < B; b++)
            for (int h = 0; h < H; h++) {
                int row0 = b * T * W, qOff = row0 + h * Dh, kOff = qOff + D, vOff = qOff + 2 * D;
                int oOff = b * T * D + h * Dh, pOff = (b * H + h) * T * T;
                kn.matmulTransposed(dP, 0, T, dOut, oOff, D, qkv, vOff, W, T, T, Dh, 1f);
                transpose(probs, pOff, tmp, T, T);
                kn.matmulStrided(dQkv, vOff, W, tmp, 0, T, dOut, oOff, D, T, T, Dh);
                for (int i = 0; i < T; i++) {
                    double dot = 0;
                    for (int j = 0; j <= i; j++) dot += probs[pOff + i * T + j] * dP[i * T + j];
                    for (int j = 0; j < T; j++)
                        dP[i * T + j] = j <= i ? (float) (probs[pOff + i * T + j] * (dP[i * T + j] - dot)) * scale : 0f;
                }
                kn.matmulStrided(dQkv, qOff, W, dP, 0, T, qkv, kOff, W, T, T, Dh);
                transpose(dP, 0, tmp, T, T);
                kn.matmulStrided(dQkv, kOff, W, tmp, 0, T, qkv, qOff, W, T, T, Dh);
            }
    }

    /** x (R, D) = wte[ids[r]] + wpe[r mod T]. */
    static void embed(float[] x, int[] ids, float[] wte, float[] wpe, int R, int T, int D) {
        for (int r = 0; r < R; r++) {
            int t = r % T;
            for (int d = 0; d < D; d++) x[r * D + d] = wte[ids[r] * D + d] + wpe[t * D + d];
        }
    }

    /** Backward of {@link #embed}: adds dx rows into dWte (V, D) at each id and into dWpe (N, D) at each position. */
    static void embedBackward(float[] dWte, float[] dWpe, float[] dx, int[] ids, int R, int T, int D) {
        for (int r = 0; r < R; r++) {
            int t = r % T;
            for (int d = 0; d < D; d++) {
                dWte[ids[r] * D + d] += dx[r * D + d];
                dWpe[t * D + d] += dx[r * D + d];
            }
        }
    }

    /** logits (R, V) = h (R, D) · wteᵀ, the tied LM head, with wteT (D, V) the transpose of wte (V, D). */
    static void tiedHead(Kernels kn, float[] logits, float[] h, float[] wteT, int R, int V, int D) {
        kn.matmulStrided(logits, 0, V, h, 0, D, wteT, 0, V, R, D, V);
    }

    /**
     * Backward of {@link #tiedHead}: dH (R, D) = dLogits · wte (overwritten); dWte (V, D) = dLogitsᵀ · h
     * (overwritten), computed as (hᵀ · dLogits)ᵀ so only the small (R, D) and (D, V) arrays are transposed.
     */
    static void tiedHeadBackward(Kernels kn, float[] dH, float[] dWte, float[] dLogits, float[] h, float[] wte,
                                 int R, int V, int D) {
        kn.matmulStrided(dH, 0, D, dLogits, 0, V, wte, 0, D, R, V, D);
        float[] hT = transpose(h, R, D);  // (D, R)
        float[] dWteT = new float[D * V]; // (D, V)
        kn.matmulStrided(dWteT, 0, V, hT, 0, R, dLogits, 0, V, D, R, V);
        transpose(dWteT, 0, dWte, D, V);
    }

    /**
     * Cross-entropy of each row's logits against targets; returns the summed loss (nats) and, when grad is true,
     * turns logits (R, V) into dLoss/dLogits = (softmax − onehot) · gradScale in place (else into the softmax).
     */
    static double crossEntropy(Kernels kn, float[] logits, int[] targets, int R, int V, float gradScale, boolean grad) {
        double total = 0;
        for (int r = 0; r < R; r++) {
            int o = r * V;
            kn.softmax(logits, o, V);
            // −log p underflows only past ~87 nats, far beyond any loss that matters here
            total -= Math.log(Math.max(logits[o + targets[r]], Float.MIN_NORMAL));
            if (grad) {
                for (int i = 0; i < V; i++) logits[o + i] *= gradScale;
                logits[o + targets[r]] -= gradScale;
            }
        }
        return total;
    }

    /** (rows, cols) → (cols, rows). */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[rows * cols];
        transpose(a, 0, t, rows, cols);
        return t;
    }

    /** out (cols, rows) = a[off …] (rows, cols) transposed. */
    static void transpose(float[] a, int off, float[] out, int rows, int cols) {
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[j * rows + i] = a[off + i * cols + j];
    }
}
