package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (M, K) = a (M, N) · b (N, K) for {@link VectorKernels#matmulStrided} (attention weights times V):
 * vectors run along b's contiguous rows, one fma chain over j per element, so an element's value never
 * depends on M, the column block or trailing zero weights (a causal key limit). Single-threaded: callers
 * run one head per thread. Legend as in {@link Kernels}; L lanes per vector.
 */
final class StridedProduct {
    private StridedProduct() {
    }

    /**
     * out (M, K) = a (M, N) · b (N, K), all strided. Column blocks of out are the outer loop, so one block of b
     * (N, 4L) is read from memory once and reused from cache by every row; rows outer would stream all of b
     * again for every 4 rows, which made the trainer's large products (b of several MB) memory-bound.
     */
    static void multiply(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                         float[] b, int bOff, int bStride, int M, int N, int K) {
        int k = 0;
        for (; k + 4 * L <= K; k += 4 * L) {
            int i = 0;
            for (; i + 4 <= M; i += 4)
                mix4x4(out, outOff + i * outStride + k, outStride, a, aOff + i * aStride, aStride, b, bOff + k, bStride, N);
            for (; i < M; i++)
                mix1x4(out, outOff + i * outStride + k, a, aOff + i * aStride, b, bOff + k, bStride, N);
        }
        for (; k + L <= K; k += L)
            for (int i = 0; i < M; i++)
                mix1(out, outOff + i * outStride + k, a, aOff + i * aStride, b, bOff + k, bStride, N);
        for (; k < K; k++)
            for (int i = 0; i < M; i++)
                out[outOff + i * outStride + k] = mixScalar(a, aOff + i * aStride, b, bOff + k, bStride, N);
    }

    /** 4 rows × 4 vectors of out: Σ_j a[r, j] · b[j, 0 … 4L), one fma chain per element. */
    private static void mix4x4(float[] out, int o, int outStride, float[] a, int ai, int aStride,
                               float[] b, int bi, int bStride, int N) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00,
                c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = ai + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        for (int j = 0, bj = bi; j < N; j++, bj += bStride) {
            FloatVector y0 = FloatVector.fromArray(S, b, bj);
            FloatVector y1 = FloatVector.fromArray(S, b, bj + L);
            FloatVector y2 = FloatVector.fromArray(S, b, bj + 2 * L);
            FloatVector y3 = FloatVector.fromArray(S, b, bj + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai + j]);
            c00 = y0.fma(x, c00); c01 = y1.fma(x, c01); c02 = y2.fma(x, c02); c03 = y3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + j]);
            c10 = y0.fma(x, c10); c11 = y1.fma(x, c11); c12 = y2.fma(x, c12); c13 = y3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + j]);
            c20 = y0.fma(x, c20); c21 = y1.fma(x, c21); c22 = y2.fma(x, c22); c23 = y3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + j]);
            c30 = y0.fma(x, c30); c31 = y1.fma(x, c31); c32 = y2.fma(x, c32); c33 = y3.fma(x, c33);
        }
        int o1 = o + outStride, o2 = o1 + outStride, o3 = o2 + outStride;
        c00.intoArray(out, o); c01.intoArray(out, o + L); c02.intoArray(out, o + 2 * L); c03.intoArray(out, o + 3 * L);
        c10.intoArray(out, o1); c11.intoArray(out, o1 + L); c12.intoArray(out, o1 + 2 * L); c13.intoArray(out, o1 + 3 * L);
        c20.intoArray(out, o2); c21.intoArray(out, o2 + L); c22.intoArray(out, o2 + 2 * L); c23.intoArray(out, o2 + 3 * L);
        c30.intoArray(out, o3); c31.intoArray(out, o3 + L); c32.intoArray(out, o3 + 2 * L); c33.intoArray(out, o3 + 3 * L);
    }

    /** 1 row × 4 vectors of out: decode's weights · V, four chains at a time. */
    private static void mix1x4(float[] out, int o, float[] a, int ai, float[] b, int bi, int bStride, int N) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int j = 0, bj = bi; j < N; j++, bj += bStride) {
            FloatVector x = FloatVector.broadcast(S, a[ai + j]);
            c0 = FloatVector.fromArray(S, b, bj).fma(x, c0);
            c1 = FloatVector.fromArray(S, b, bj + L).fma(x, c1);
            c2 = FloatVector.fromArray(S, b, bj + 2 * L).fma(x, c2);
            c3 = FloatVector.fromArray(S, b, bj + 3 * L).fma(x, c3);
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + L);
        c2.intoArray(out, o + 2 * L);
        c3.intoArray(out, o + 3 * L);
    }

    /** 1 row × 1 vector of out. */
    private static void mix1(float[] out, int o, float[] a, int ai, float[] b, int bi, int bStride, int N) {
        FloatVector c = FloatVector.zero(S);
        for (int j = 0, bj = bi; j < N; j++, bj += bStride)
            c = FloatVector.fromArray(S, b, bj).fma(FloatVector.broadcast(S, a[ai + j]), c);
        c.intoArray(out, o);
    }

    /** 1 element of out, the same fma chain as a vector lane. */
    private static float mixScalar(float[] a, int ai, float[] b, int bi, int bStride, int N) {
        float s = 0f;
        for (int j = 0, bj = bi; j < N; j++, bj += bStride) s = Math.fma(a[ai + j], b[bj], s);
        return s;
    }
}
