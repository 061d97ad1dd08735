package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

import java.util.Arrays;

/**
 * One head's attention, the single definition both the forward pass and a trace's on-demand views run,
 * so what a view shows is bit for bit what the pass computed. Legend: R query rows, Tk keys, Dh head width;
 * keys j0 … j1-1 are the columns computed.
 */
public final class AttentionMath {
    private AttentionMath() {
    }

    /**
     * scores (R, Tk) = q (R, Dh) · k (Tk, Dh)ᵀ · scale for keys j0 ≤ j &lt; j1, then soft-capped if cap &gt; 0; the
     * rest of each row is left as is. q rows start at qOff with stride qStride, k rows at kOff with stride kStride.
     */
    public static void scores(Kernels kn, float[] scores, float[] q, int qOff, int qStride, float[] k, int kOff,
                              int kStride, int R, int Tk, int j0, int j1, int Dh, float scale, float cap) {
        if (j1 <= j0) return;
        kn.matmulTransposed(scores, j0, Tk, q, qOff, qStride, k, kOff + j0 * kStride, kStride, R, j1 - j0, Dh, scale);
        if (cap > 0)
            for (int r = 0; r < R; r++) kn.softcap(scores, r * Tk + j0, j1 - j0, cap);
    }

    /**
     * The same scores from keys stored transposed, kT (Dh, Tk) at kTOff with row stride kTStride: a row of queries
     * runs along vectors of keys instead of one dot product per key (a decode step). The same bits as
     * {@link #scores}: both are one fma chain over Dh in order, then × scale.
     */
    public static void scoresTransposed(Kernels kn, float[] scores, float[] q, int qOff, int qStride, float[] kT,
                                        int kTOff, int kTStride, int R, int Tk, int j0, int j1, int Dh, float scale,
                                        float cap) {
        if (j1 <= j0) return;
        kn.matmulStrided(scores, j0, Tk, q, qOff, qStride, kT, kTOff + j0, kTStride, R, Dh, j1 - j0);
        for (int r = 0; r < R; r++) {
            for (int j = r * Tk + j0, end = r * Tk + j1; j < end; j++) scores[j] *= scale;
            if (cap > 0) kn.softcap(scores, r * Tk + j0, j1 - j0, cap);
        }
    }

    /**
     * weights (R, Tk) = softmax of scores over the keys each row's position sees under the mask, exactly 0
     * elsewhere. Row r is position pos0 + row0 + r.
     */
    public static void softmax(Kernels kn, float[] weights, float[] scores, AttentionMask mask, int pos0, int row0,
                               int R, int Tk) {
        softmax(kn, weights, scores, mask, pos0, row0, R, Tk, false);
    }

    /** The same; knockedOut says some scores are −∞ (knocked-out edges), so a row may have nothing left to weigh. */
    public static void softmax(Kernels kn, float[] weights, float[] scores, AttentionMask mask, int pos0, int row0,
                               int R, int Tk, boolean knockedOut) {
        for (int r = 0; r < R; r++) {
            int i = pos0 + row0 + r, first = mask.first(i), end = mask.end(i, Tk), o = r * Tk;
            Arrays.fill(weights, o, o + Tk, 0f);
            if (knockedOut && allBlocked(scores, o + first, o + end)) continue; // attends to nothing
            System.arraycopy(scores, o + first, weights, o + first, end - first);
            kn.softmax(weights, o + first, end - first);
        }
    }

    /**
     * Sets the scores (R, Tk) of the edges the intervention knocks out in this head to −∞, for rows at positions
     * p0 …; returns whether it touched any (whether the softmax must expect −∞ rows).
     */
    public static boolean knockOut(float[] scores, Intervention iv, int layer, int head, AttentionMask mask, int p0,
                                   int R, int Tk) {
        if (!iv.blocks(layer)) return false;
        boolean any = false;
        for (int r = 0; r < R; r++) {
            int i = p0 + r;
            for (int j = mask.first(i), end = mask.end(i, Tk); j < end; j++)
                if (iv.blocked(layer, head, i, j)) {
                    scores[r * Tk + j] = Float.NEGATIVE_INFINITY;
                    any = true;
                }
        }
        return any;
    }

    private static boolean allBlocked(float[] scores, int from, int to) {
        for (int j = from; j < to; j++) if (scores[j] != Float.NEGATIVE_INFINITY) return false;
        return true;
    }

    /** out (R, Dh) at outOff/outStride = weights (R, Tk; columns j0 … j1-1) · v (Tk, Dh). */
    public static void mix(Kernels kn, float[] out, int outOff, int outStride, float[] weights, float[] v, int vOff,
                           int vStride, int R, int Tk, int j0, int j1, int Dh) {
        if (j1 <= j0) {
            for (int r = 0; r < R; r++) Arrays.fill(out, outOff + r * outStride, outOff + r * outStride + Dh, 0f);
            return;
        }
        kn.matmulStrided(out, outOff, outStride, weights, j0, Tk, v, vOff + j0 * vStride, vStride, R, j1 - j0, Dh);
    }
}
