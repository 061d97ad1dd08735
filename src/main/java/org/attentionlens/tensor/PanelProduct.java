package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (T, N) = in (T, K) · W (K, N) + bias over a {@link PanelMatrix}: for each panel, 8 rows at a time
 * in 24 vector accumulators (8 rows × 3 vectors), KC rows of k at a time, one fma chain per element over k
 * (carried from block to block through out), bias added after.
 * Legend as in {@link Kernels}; L lanes per vector, W = 3L panel width.
 */
final class PanelProduct {
    /** Panel width: three vectors, the micro-kernel's column block. */
    static final int W = 3 * L;

    private PanelProduct() {
    }

    /**
     * Rows of k multiplied per pass over a panel: a block of the panel (KC, W) stays in L2 and a row tile's
     * inputs (8, KC) in L1. Without it a panel of a wide reduction (Llama's down projection: K = 8192, 1.5 MB)
     * spilled out of L2 and the product ran at two thirds of the speed of narrower ones.
     */
    static final int KC = 512;

    /** Per thread: one 16-bit panel block widened to float32 (KC, W). */
    private static final ThreadLocal<float[]> WIDENED = ThreadLocal.withInitial(() -> new float[KC * W]);

    /** Panels p0 … p1-1 of out = in · m[kFrom : kFrom+kCount, :] + bias. */
    static void panels(float[] out, float[] in, PanelMatrix m, int kFrom, int kCount, float[] bias,
                       int T, int p0, int p1) {
        for (int p = p0; p < p1; p++) {
            Target d = Target.of(out, m.N, p, T);
            for (int k0 = 0; k0 < kCount; k0 += KC)
                block(d, in, kCount, k0, Math.min(KC, kCount - k0), m.data, (p * m.K + kFrom + k0) * W, T);
            d.finish(out, bias, m.N, T);
        }
    }

    /**
     * The same over 16-bit panels: each block of a panel is widened to float32 once, then multiplied by the
     * float32 micro-kernels, so every output element is the same fma chain as from a float32 matrix of the same
     * values. The widening costs KC·W per block against T·KC·W multiply-adds.
     */
    static void halfPanels(float[] out, float[] in, HalfPanelMatrix m, int kFrom, int kCount, float[] bias,
                           int T, int p0, int p1) {
        if (T < 4) { // decode: bound by reading the weights, so they are widened in registers as they stream by
            HalfRows.panels(out, in, m, kFrom, kCount, bias, T, p0, p1);
            return;
        }
        float[] w = WIDENED.get(); // (KC, W)
        for (int p = p0; p < p1; p++) {
            Target d = Target.of(out, m.N, p, T);
            for (int k0 = 0; k0 < kCount; k0 += KC) {
                int kc = Math.min(KC, kCount - k0);
                Widening.widen(m.data, (p * m.K + kFrom + k0) * W, w, 0, kc * W, m.dtype);
                block(d, in, kCount, k0, kc, w, 0, T);
            }
            d.finish(out, bias, m.N, T);
        }
    }

    /**
     * Where panel p's (T, W) outputs accumulate: straight in out, or for the last, narrower panel a (T, W) tile
     * copied out at the end. Zeroed first: every block adds its k rows to the fma chains stored there, so an
     * element is one chain over k in order, however many blocks it took.
     */
    private record Target(float[] dst, int off, int stride, int col0, int cols) {
        static Target of(float[] out, int N, int p, int T) {
            int col0 = p * W, cols = Math.min(W, N - col0);
            Target d = cols == W ? new Target(out, col0, N, col0, cols) : new Target(new float[T * W], 0, W, col0, cols);
            for (int t = 0; t < T; t++) java.util.Arrays.fill(d.dst, d.off + t * d.stride, d.off + t * d.stride + W, 0f);
            return d;
        }

        void finish(float[] out, float[] bias, int N, int T) {
            if (dst != out)
                for (int t = 0; t < T; t++) System.arraycopy(dst, t * W, out, t * N + col0, cols);
            if (bias != null) addBias(out, bias, T, N, col0, cols);
        }
    }

    /** d += in (T, rows k0 … k0+kc-1 of a row of kCount) · the block (kc, W) at wOff, 8 rows at a time. */
    private static void block(Target d, float[] in, int kCount, int k0, int kc, float[] w, int wOff, int T) {
        for (int t = 0; t < T; ) {
            int rows = T - t >= 8 ? 8 : T - t >= 4 ? 4 : 1;
            rows(rows, d.dst, d.off + t * d.stride, d.stride, in, t * kCount + k0, kCount, kc, w, wOff);
            t += rows;
        }
    }

    /**
     * dst rows (rows, W) at o with row stride += in (rows, kc) at i0 with row stride K · one block (kc, W) at wOff.
     * The kernels only load, multiply and store: anything more in them (a call taking vectors, a branch on the
     * panel width) made C2 run out of its inlining budget and box the accumulators: over ten times slower.
     */
    private static void rows(int rows, float[] dst, int o, int stride, float[] in, int i0, int K, int kc, float[] w,
                             int wOff) {
        if (rows == 8) rows8(dst, o, stride, in, i0, K, kc, w, wOff);
        else if (rows == 4) rows4(dst, o, stride, in, i0, K, kc, w, wOff);
        else rows1(dst, o, in, i0, kc, w, wOff);
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
    private static void rows8(float[] out, int o, int N, float[] in, int i0, int K, int kc, float[] w, int wOff) {
        int o1 = o + N, o2 = o1 + N, o3 = o2 + N, o4 = o3 + N, o5 = o4 + N, o6 = o5 + N, o7 = o6 + N;
        FloatVector c00 = FloatVector.fromArray(S, out, o), c01 = FloatVector.fromArray(S, out, o + L),
                c02 = FloatVector.fromArray(S, out, o + 2 * L), c10 = FloatVector.fromArray(S, out, o1),
                c11 = FloatVector.fromArray(S, out, o1 + L), c12 = FloatVector.fromArray(S, out, o1 + 2 * L),
                c20 = FloatVector.fromArray(S, out, o2), c21 = FloatVector.fromArray(S, out, o2 + L),
                c22 = FloatVector.fromArray(S, out, o2 + 2 * L), c30 = FloatVector.fromArray(S, out, o3),
                c31 = FloatVector.fromArray(S, out, o3 + L), c32 = FloatVector.fromArray(S, out, o3 + 2 * L),
                c40 = FloatVector.fromArray(S, out, o4), c41 = FloatVector.fromArray(S, out, o4 + L),
                c42 = FloatVector.fromArray(S, out, o4 + 2 * L), c50 = FloatVector.fromArray(S, out, o5),
                c51 = FloatVector.fromArray(S, out, o5 + L), c52 = FloatVector.fromArray(S, out, o5 + 2 * L),
                c60 = FloatVector.fromArray(S, out, o6), c61 = FloatVector.fromArray(S, out, o6 + L),
                c62 = FloatVector.fromArray(S, out, o6 + 2 * L), c70 = FloatVector.fromArray(S, out, o7),
                c71 = FloatVector.fromArray(S, out, o7 + L), c72 = FloatVector.fromArray(S, out, o7 + 2 * L);
        int i1 = i0 + K, i2 = i1 + K, i3 = i2 + K, i4 = i3 + K, i5 = i4 + K, i6 = i5 + K, i7 = i6 + K;
        for (int k = 0, wk = wOff; k < kc; k++, wk += W) {
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
        c10.intoArray(out, o1); c11.intoArray(out, o1 + L); c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + L); c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + L); c32.intoArray(out, o3 + 2 * L);
        c40.intoArray(out, o4); c41.intoArray(out, o4 + L); c42.intoArray(out, o4 + 2 * L);
        c50.intoArray(out, o5); c51.intoArray(out, o5 + L); c52.intoArray(out, o5 + 2 * L);
        c60.intoArray(out, o6); c61.intoArray(out, o6 + L); c62.intoArray(out, o6 + 2 * L);
        c70.intoArray(out, o7); c71.intoArray(out, o7 + L); c72.intoArray(out, o7 + 2 * L);
    }

    /** 4 rows × one panel, for the rows left over by {@link #rows8}. */
    private static void rows4(float[] out, int o, int N, float[] in, int i0, int K, int kc, float[] w, int wOff) {
        int o1 = o + N, o2 = o1 + N, o3 = o2 + N;
        FloatVector c00 = FloatVector.fromArray(S, out, o), c01 = FloatVector.fromArray(S, out, o + L),
                c02 = FloatVector.fromArray(S, out, o + 2 * L), c10 = FloatVector.fromArray(S, out, o1),
                c11 = FloatVector.fromArray(S, out, o1 + L), c12 = FloatVector.fromArray(S, out, o1 + 2 * L),
                c20 = FloatVector.fromArray(S, out, o2), c21 = FloatVector.fromArray(S, out, o2 + L),
                c22 = FloatVector.fromArray(S, out, o2 + 2 * L), c30 = FloatVector.fromArray(S, out, o3),
                c31 = FloatVector.fromArray(S, out, o3 + L), c32 = FloatVector.fromArray(S, out, o3 + 2 * L);
        int i1 = i0 + K, i2 = i1 + K, i3 = i2 + K;
        for (int k = 0, wk = wOff; k < kc; k++, wk += W) {
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
        c10.intoArray(out, o1); c11.intoArray(out, o1 + L); c12.intoArray(out, o1 + 2 * L);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + L); c22.intoArray(out, o2 + 2 * L);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + L); c32.intoArray(out, o3 + 2 * L);
    }

    /** 1 row × one panel: decode's case, bound by reading the weights. */
    private static void rows1(float[] out, int o, float[] in, int i0, int kc, float[] w, int wOff) {
        FloatVector c0 = FloatVector.fromArray(S, out, o), c1 = FloatVector.fromArray(S, out, o + L),
                c2 = FloatVector.fromArray(S, out, o + 2 * L);
        for (int k = 0, wk = wOff; k < kc; k++, wk += W) {
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
