package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (T, N) = in (T, K) · W (K, N) + bias over a {@link PanelMatrix}: for each panel, 8 rows at a time
 * in 24 vector accumulators (8 rows × 3 vectors), one fma chain per element over k, bias added after.
 * Legend as in {@link Kernels}; L lanes per vector, W = 3L panel width.
 */
final class PanelProduct {
    /** Panel width: three vectors, the micro-kernel's column block. */
    static final int W = 3 * L;

    private PanelProduct() {
    }

    /** Per thread: one 16-bit panel slice widened to float32 (kCount, W), grown as needed. */
    private static final ThreadLocal<float[]> WIDENED = ThreadLocal.withInitial(() -> new float[0]);

    /** Panels p0 … p1-1 of out = in · m[kFrom : kFrom+kCount, :] + bias. */
    static void panels(float[] out, float[] in, PanelMatrix m, int kFrom, int kCount, float[] bias,
                       int T, int p0, int p1) {
        float[] tile = new float[8 * W]; // (8, W) rows of the padded last panel
        for (int p = p0; p < p1; p++)
            panel(out, in, m.data, (p * m.K + kFrom) * W, m.N, p, kCount, bias, T, tile);
    }

    /**
     * The same over 16-bit panels: each panel's rows kFrom … kFrom+kCount-1 are widened to float32 once, then
     * multiplied by the float32 micro-kernels, so every output element is the same fma chain as from a float32
     * matrix of the same values. The widening costs K·W per panel against T·K·W multiply-adds.
     */
    static void halfPanels(float[] out, float[] in, HalfPanelMatrix m, int kFrom, int kCount, float[] bias,
                           int T, int p0, int p1) {
        if (T < 4) { // decode: bound by reading the weights, so they are widened in registers as they stream by
            HalfRows.panels(out, in, m, kFrom, kCount, bias, T, p0, p1);
            return;
        }
        float[] tile = new float[8 * W]; // (8, W)
        float[] w = WIDENED.get();         // (kCount, W)
        if (w.length < kCount * W) WIDENED.set(w = new float[kCount * W]);
        for (int p = p0; p < p1; p++) {
            Widening.widen(m.data, (p * m.K + kFrom) * W, w, 0, kCount * W, m.dtype);
            panel(out, in, w, 0, m.N, p, kCount, bias, T, tile);
        }
    }

    /** Panel p of out (T, N) = in (T, kCount) · w (kCount, W) at wOff + bias. */
    static void panel(float[] out, float[] in, float[] w, int wOff, int N, int p, int kCount, float[] bias,
                              int T, float[] tile) {
        int col0 = p * W, cols = Math.min(W, N - col0);
        for (int t = 0; t < T; ) {
            int rows = T - t >= 8 ? 8 : T - t >= 4 ? 4 : 1;
            if (cols == W) {
                rows(rows, out, t * N + col0, N, in, t * kCount, kCount, w, wOff);
            } else {
                rows(rows, tile, 0, W, in, t * kCount, kCount, w, wOff);
                for (int r = 0; r < rows; r++) System.arraycopy(tile, r * W, out, (t + r) * N + col0, cols);
            }
            t += rows;
        }
        if (bias != null) addBias(out, bias, T, N, col0, cols);
    }

    /**
     * dst rows (rows, W) at o with row stride = in (rows, K) at i0 · one panel (K, W) at wOff.
     * The kernels only multiply and store: anything more in them (a call taking vectors, a branch on the
     * panel width) made C2 run out of its inlining budget and box the accumulators: over ten times slower.
     */
    private static void rows(int rows, float[] dst, int o, int stride, float[] in, int i0, int K, float[] w, int wOff) {
        if (rows == 8) rows8(dst, o, stride, in, i0, K, w, wOff);
        else if (rows == 4) rows4(dst, o, stride, in, i0, K, w, wOff);
        else rows1(dst, o, in, i0, K, w, wOff);
    }

    /** out[t, col0 … col0+cols) += bias[col0 …] for every row: bias added after the sum, as the reference does. */
    static void addBias(float[] out, float[] bias, int T, int N, int col0, int cols) {
        for (int t = 0; t < T; t++) {
            int o = t * N + col0, c = 0;
            for (; c + L <= cols; c += L)
                FloatVector.fromArray(S, out, o + c).add(FloatVector.fromArray(S, bias, col0 + c)).intoArray(out, o + c);
            for (; c < cols; c++) out[o + c] += bias[col0 + c];
        }
    }

    /** 8 rows × one panel: 24 accumulators, the register-blocked micro-kernel. */
    private static void rows8(float[] out, int o, int N, float[] in, int i0, int K, float[] w, int wOff) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00,
                c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00,
                c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00,
                c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        int i1 = i0 + K, i2 = i1 + K, i3 = i2 + K, i4 = i3 + K, i5 = i4 + K, i6 = i5 + K, i7 = i6 + K;
        for (int k = 0, wk = wOff; k < K; k++, wk += W) {
            FloatVector b0 = FloatVector.fromArray(S, w, wk);
            FloatVector b1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector b2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector a = FloatVector.broadcast(S, in[i0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, in[i1 + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, in[i2 + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, in[i3 + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
            a = FloatVector.broadcast(S, in[i4 + k]);
            c40 = b0.fma(a, c40); c41 = b1.fma(a, c41); c42 = b2.fma(a, c42);
            a = FloatVector.broadcast(S, in[i5 + k]);
            c50 = b0.fma(a, c50); c51 = b1.fma(a, c51); c52 = b2.fma(a, c52);
            a = FloatVector.broadcast(S, in[i6 + k]);
            c60 = b0.fma(a, c60); c61 = b1.fma(a, c61); c62 = b2.fma(a, c62);
            a = FloatVector.broadcast(S, in[i7 + k]);
            c70 = b0.fma(a, c70); c71 = b1.fma(a, c71); c72 = b2.fma(a, c72);
        }
        c00.intoArray(out, o); c01.intoArray(out, o + L); c02.intoArray(out, o + 2 * L);
        o += N;
        c10.intoArray(out, o); c11.intoArray(out, o + L); c12.intoArray(out, o + 2 * L);
        o += N;
        c20.intoArray(out, o); c21.intoArray(out, o + L); c22.intoArray(out, o + 2 * L);
        o += N;
        c30.intoArray(out, o); c31.intoArray(out, o + L); c32.intoArray(out, o + 2 * L);
        o += N;
        c40.intoArray(out, o); c41.intoArray(out, o + L); c42.intoArray(out, o + 2 * L);
        o += N;
        c50.intoArray(out, o); c51.intoArray(out, o + L); c52.intoArray(out, o + 2 * L);
        o += N;
        c60.intoArray(out, o); c61.intoArray(out, o + L); c62.intoArray(out, o + 2 * L);
        o += N;
        c70.intoArray(out, o); c71.intoArray(out, o + L); c72.intoArray(out, o + 2 * L);
    }

    /** 4 rows × one panel, for the rows left over by {@link #rows8}. */
    private static void rows4(float[] out, int o, int N, float[] in, int i0, int K, float[] w, int wOff) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00,
                c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int i1 = i0 + K, i2 = i1 + K, i3 = i2 + K;
        for (int k = 0, wk = wOff; k < K; k++, wk += W) {
            FloatVector b0 = FloatVector.fromArray(S, w, wk);
            FloatVector b1 = FloatVector.fromArray(S, w, wk + L);
            FloatVector b2 = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector a = FloatVector.broadcast(S, in[i0 + k]);
            c00 = b0.fma(a, c00); c01 = b1.fma(a, c01); c02 = b2.fma(a, c02);
            a = FloatVector.broadcast(S, in[i1 + k]);
            c10 = b0.fma(a, c10); c11 = b1.fma(a, c11); c12 = b2.fma(a, c12);
            a = FloatVector.broadcast(S, in[i2 + k]);
            c20 = b0.fma(a, c20); c21 = b1.fma(a, c21); c22 = b2.fma(a, c22);
            a = FloatVector.broadcast(S, in[i3 + k]);
            c30 = b0.fma(a, c30); c31 = b1.fma(a, c31); c32 = b2.fma(a, c32);
        }
        c00.intoArray(out, o); c01.intoArray(out, o + L); c02.intoArray(out, o + 2 * L);
        o += N;
        c10.intoArray(out, o); c11.intoArray(out, o + L); c12.intoArray(out, o + 2 * L);
        o += N;
        c20.intoArray(out, o); c21.intoArray(out, o + L); c22.intoArray(out, o + 2 * L);
        o += N;
        c30.intoArray(out, o); c31.intoArray(out, o + L); c32.intoArray(out, o + 2 * L);
    }

    /** 1 row × one panel: decode's case, bound by reading the weights. */
    private static void rows1(float[] out, int o, float[] in, int i0, int K, float[] w, int wOff) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        for (int k = 0, wk = wOff; k < K; k++, wk += W) {
            FloatVector a = FloatVector.broadcast(S, in[i0 + k]);
            c0 = FloatVector.fromArray(S, w, wk).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(a, c1);
            c2 = FloatVector.fromArray(S, w, wk + 2 * L).fma(a, c2);
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + L);
        c2.intoArray(out, o + 2 * L);
    }
}
