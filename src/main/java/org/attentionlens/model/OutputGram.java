package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

/**
 * Each head's output projection as a Gram matrix G_h = W_O^h · W_O^hᵀ (Dh, Dh), so that the value norms the capture
 * shows, ‖v_j W_O^h‖ = √(v_j G_h v_jᵀ), cost Dh² per position instead of Dh·D (32 times less for Llama-3.2-1B) and
 * never read W_O again during decode. Computed once per model with the kernels (W_O^h is read out of its packed
 * layout by multiplying the identity), read-only afterwards. Legend as in {@link ModelSpec}.
 */
final class OutputGram {
    private final float[][] gram; // (L)(H, Dh, Dh)

    OutputGram(ModelSpec c, ModelWeights w, Kernels kn) {
        int L = c.layers(), H = c.heads(), Dh = c.dHead(), D = c.dModel();
        float[] identity = new float[Dh * Dh]; // (Dh, Dh)
        for (int d = 0; d < Dh; d++) identity[d * Dh + d] = 1f;
        float[] rows = new float[Dh * D];      // (Dh, D) W_O^h
        gram = new float[L][H * Dh * Dh];
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++) {
                kn.matmulRows(rows, identity, w.layers().get(l).attention().wo(), h * Dh, (h + 1) * Dh, Dh);
                kn.matmulTransposed(gram[l], h * Dh * Dh, Dh, rows, 0, D, rows, 0, D, Dh, Dh, D, 1f);
            }
    }

    /**
     * norms (H, T) = ‖v_t W_O^h‖ for the value rows v (T, Hkv·Dh), each query head reading its key/value head:
     * u = v_h G_h with the kernels, then √(u · v_h) summed in double (clamped at 0: G is positive semi-definite).
     */
    void valueNorms(Kernels kn, float[] norms, float[] v, ModelSpec c, int layer, int T) {
        int H = c.heads(), Dh = c.dHead(), kvWidth = c.kvWidth();
        float[] u = new float[T * Dh]; // (T, Dh) v_h G_h
        for (int h = 0; h < H; h++) {
            int vo = c.kvHeadOf(h) * Dh;
            kn.matmulStrided(u, 0, Dh, v, vo, kvWidth, gram[layer], h * Dh * Dh, Dh, T, Dh, Dh);
            for (int t = 0; t < T; t++) {
                double q = 0;
                for (int d = 0; d < Dh; d++) q += (double) u[t * Dh + d] * v[t * kvWidth + vo + d];
                norms[h * T + t] = (float) Math.sqrt(Math.max(0, q));
            }
        }
    }
}
