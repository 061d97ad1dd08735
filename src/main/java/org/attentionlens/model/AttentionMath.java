package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

/**
 * One head's attention, the single definition both the forward pass and a trace's on-demand views run,
 * so what a view shows is bit for bit what the pass computed. Legend: R query rows, Tk keys, Dh head width.
 */
public final class AttentionMath {
    private AttentionMath() {
    }

    /** 1/√Dh, the scale of q·k. */
    public static float scale(int dHead) {
        return (float) (1.0 / Math.sqrt(dHead));
    }

    /** Number of keys query position p may attend to: p+1 when causal, all Tk otherwise. */
    public static int validKeys(boolean causal, int position, int Tk) {
        return causal ? Math.min(position + 1, Tk) : Tk;
    }

    /**
     * scores (R, Tk) = q (R, Dh) · k (Tk, Dh)ᵀ / √Dh for keys j < keyLimit; the rest of each row is left as is.
     * q rows start at qOff with stride qStride, k rows at kOff with stride kStride.
     */
    public static void scores(Kernels kn, float[] scores, float[] q, int qOff, int qStride,
                              float[] k, int kOff, int kStride, int R, int Tk, int keyLimit, int Dh) {
        kn.matmulTransposed(scores, 0, Tk, q, qOff, qStride, k, kOff, kStride, R, keyLimit, Dh, scale(Dh));
    }

    /**
     * weights (R, Tk) = softmax of scores over each row's valid keys, exactly 0 beyond them.
     * Row r is position pos0 + row0 + r.
     */
    public static void softmax(Kernels kn, float[] weights, float[] scores, boolean causal,
                               int pos0, int row0, int R, int Tk) {
        for (int r = 0; r < R; r++) {
            int n = validKeys(causal, pos0 + row0 + r, Tk);
            System.arraycopy(scores, r * Tk, weights, r * Tk, n);
            kn.softmax(weights, r * Tk, n);
            java.util.Arrays.fill(weights, r * Tk + n, (r + 1) * Tk, 0f);
        }
    }

    /** out (R, Dh) at outOff/outStride = weights (R, Tk; first keyLimit columns) · v (Tk, Dh). */
    public static void mix(Kernels kn, float[] out, int outOff, int outStride, float[] weights,
                           float[] v, int vOff, int vStride, int R, int Tk, int keyLimit, int Dh) {
        kn.matmulStrided(out, outOff, outStride, weights, 0, Tk, v, vOff, vStride, R, keyLimit, Dh);
    }

    /**
     * norms (H, T) = ‖v_j W_O^h‖ for each query head h and position j, where v (T, Hkv·Dh) holds the
     * value rows and W_O^h is rows h·Dh … (h+1)·Dh of wo. Multiplying by α_ij gives ‖α_ij v_j W_O^h‖.
     */
    public static void valueNorms(Kernels kn, float[] norms, float[] v, LayerWeights w, ModelConfig c, int T) {
        int Dh = c.dHead(), D = c.dModel(), kvWidth = c.kvWidth();
        float[] vh = new float[T * Dh];      // (T, Dh) one head's value rows
        float[] projected = new float[T * D]; // (T, D)  v_j W_O^h
        for (int h = 0; h < c.heads(); h++) {
            int g = c.kvHeadOf(h);
            for (int t = 0; t < T; t++) System.arraycopy(v, t * kvWidth + g * Dh, vh, t * Dh, Dh);
            kn.matmulRows(projected, vh, w.wo(), h * Dh, (h + 1) * Dh, T);
            for (int t = 0; t < T; t++) {
                double sum = 0;
                for (int d = 0; d < D; d++) sum += (double) projected[t * D + d] * projected[t * D + d];
                norms[h * T + t] = (float) Math.sqrt(sum);
            }
        }
    }
}
