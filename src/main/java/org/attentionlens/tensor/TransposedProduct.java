package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (M, N) = a (M, K) · b (N, K)ᵀ · scale for {@link VectorKernels#matmulTransposed}, both operands strided.
 * An element is one fma chain over k in order, then × scale, whatever M, N, the offsets or the threads: the same
 * bits as {@link StridedProduct} over bᵀ (then × scale), so a decode step reading a transposed key cache gives
 * exactly the scores a whole pass gives. Legend as in {@link Kernels}; L lanes per vector.
 */
final class TransposedProduct {
    private TransposedProduct() {
    }

    /**
     * Columns j0 … j1-1 of out = a · bᵀ · scale. With 4 or more rows, blocks of 2L rows of b are transposed
     * into (K, 2L) so a vector holds 2L columns and each lane runs its own fma chain over k; with fewer rows
     * (a decode step) the copy would cost as much as the product, so 8 scalar chains run side by side.
     * Lane fma and Math.fma round alike, so both paths give the same bits.
     */
    static void columns(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                        float[] b, int bOff, int bStride, int M, int K, float scale, int j0, int j1) {
        if (M < 4) {
            for (int i = 0; i < M; i++)
                dotChains(out, outOff + i * outStride, a, aOff + i * aStride, b, bOff, bStride, K, scale, j0, j1);
            return;
        }
        float[] bt = new float[K * 2 * L]; // (K, 2L) a block of b's rows, transposed
        float[] edge = new float[4 * 2 * L]; // (4, 2L) a partial block's outputs
        for (int j = j0; j < j1; j += 2 * L) {
            int cols = Math.min(2 * L, j1 - j);
            transpose(bt, b, bOff + j * bStride, bStride, cols, K);
            for (int i = 0; i < M; ) {
                int rows = M - i >= 4 ? 4 : 1;
                int ai = aOff + i * aStride;
                if (cols == 2 * L) {
                    columns(rows, out, outOff + i * outStride + j, outStride, a, ai, aStride, bt, K, scale);
                } else {
                    columns(rows, edge, 0, 2 * L, a, ai, aStride, bt, K, scale);
                    for (int r = 0; r < rows; r++)
                        System.arraycopy(edge, r * 2 * L, out, outOff + (i + r) * outStride + j, cols);
                }
                i += rows;
            }
        }
    }

    /** bt (K, 2L) = rows b[0 … cols) (each K long, stride bStride) transposed; columns ≥ cols zero. */
    private static void transpose(float[] bt, float[] b, int bi, int bStride, int cols, int K) {
        if (cols < 2 * L) java.util.Arrays.fill(bt, 0f);
        for (int c = 0; c < cols; c++)
            for (int k = 0, src = bi + c * bStride, dst = c; k < K; k++, dst += 2 * L) bt[dst] = b[src + k];
    }

    private static void columns(int rows, float[] out, int o, int outStride, float[] a, int ai, int aStride,
                                float[] bt, int K, float scale) {
        if (rows == 4) columns4(out, o, outStride, a, ai, aStride, bt, K, scale);
        else columns1(out, o, a, ai, bt, K, scale);
    }

    /** out (4, 2L) = a (4, K) · bt (K, 2L) · scale: 8 accumulators, one fma chain over k per element. */
    private static void columns4(float[] out, int o, int outStride, float[] a, int ai, int aStride,
                                 float[] bt, int K, float scale) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = ai + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        for (int k = 0, bk = 0; k < K; k++, bk += 2 * L) {
            FloatVector y0 = FloatVector.fromArray(S, bt, bk), y1 = FloatVector.fromArray(S, bt, bk + L);
            FloatVector x = FloatVector.broadcast(S, a[ai + k]);
            c00 = y0.fma(x, c00); c01 = y1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + k]);
            c10 = y0.fma(x, c10); c11 = y1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + k]);
            c20 = y0.fma(x, c20); c21 = y1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + k]);
            c30 = y0.fma(x, c30); c31 = y1.fma(x, c31);
        }
        c00.mul(scale).intoArray(out, o); c01.mul(scale).intoArray(out, o + L);
        o += outStride;
        c10.mul(scale).intoArray(out, o); c11.mul(scale).intoArray(out, o + L);
        o += outStride;
        c20.mul(scale).intoArray(out, o); c21.mul(scale).intoArray(out, o + L);
        o += outStride;
        c30.mul(scale).intoArray(out, o); c31.mul(scale).intoArray(out, o + L);
    }

    /** out (1, 2L) = a (1, K) · bt (K, 2L) · scale. */
    private static void columns1(float[] out, int o, float[] a, int ai, float[] bt, int K, float scale) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        for (int k = 0, bk = 0; k < K; k++, bk += 2 * L) {
            FloatVector x = FloatVector.broadcast(S, a[ai + k]);
            c0 = FloatVector.fromArray(S, bt, bk).fma(x, c0);
            c1 = FloatVector.fromArray(S, bt, bk + L).fma(x, c1);
        }
        c0.mul(scale).intoArray(out, o);
        c1.mul(scale).intoArray(out, o + L);
    }

    /** out[o + j] = scale · (fma chain over k of a[ai + k] · b[bi + j·bStride + k]) for j0 ≤ j < j1, 8 at a time. */
    private static void dotChains(float[] out, int o, float[] a, int ai, float[] b, int bi, int bStride, int K,
                                  float scale, int j0, int j1) {
        int j = j0;
        for (; j + 8 <= j1; j += 8) {
            int b0 = bi + j * bStride, b1 = b0 + bStride, b2 = b1 + bStride, b3 = b2 + bStride,
                    b4 = b3 + bStride, b5 = b4 + bStride, b6 = b5 + bStride, b7 = b6 + bStride;
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
            for (int k = 0; k < K; k++) {
                float x = a[ai + k];
                s0 = Math.fma(x, b[b0 + k], s0);
                s1 = Math.fma(x, b[b1 + k], s1);
                s2 = Math.fma(x, b[b2 + k], s2);
                s3 = Math.fma(x, b[b3 + k], s3);
                s4 = Math.fma(x, b[b4 + k], s4);
                s5 = Math.fma(x, b[b5 + k], s5);
                s6 = Math.fma(x, b[b6 + k], s6);
                s7 = Math.fma(x, b[b7 + k], s7);
            }
            out[o + j] = s0 * scale;
            out[o + j + 1] = s1 * scale;
            out[o + j + 2] = s2 * scale;
            out[o + j + 3] = s3 * scale;
            out[o + j + 4] = s4 * scale;
            out[o + j + 5] = s5 * scale;
            out[o + j + 6] = s6 * scale;
            out[o + j + 7] = s7 * scale;
        }
        for (; j < j1; j++) {
            float s = 0f;
            for (int k = 0, bj = bi + j * bStride; k < K; k++) s = Math.fma(a[ai + k], b[bj + k], s);
            out[o + j] = s * scale;
        }
    }
}
