package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * The fast kernels: Vector API (jdk.incubator.vector), weights in column panels, register-blocked matmuls
 * split over the cores. Loaded by reflection ({@link KernelChoice}) so nothing else touches the incubator.
 * <p>Reductions, fixed per output element whatever the shapes, offsets or threads (the {@link Kernels} contract):
 * <ul>
 * <li>matmul, matmulRows, matmulStrided: one fma chain per element, in order of the reduction index
 *     (vector lanes are independent elements); bias added last.</li>
 * <li>matmulTransposed: see {@link TransposedProduct}; the reduction depends on K only.</li>
 * </ul>
 * Legend as in {@link Kernels}; L lanes per vector, W = 3L panel width.
 */
public final class VectorKernels implements Kernels {
    /** Panel width: three vectors, the micro-kernel's column block. */
    static final int W = 3 * L;
    /** Multiply-adds below which a matmul runs on the caller alone (the handoff would cost more). */
    private static final long PARALLEL_MATMUL = 1L << 18;
    /** Multiply-adds above which matmulTransposed splits its columns (the LM head; attention heads stay below). */
    private static final long PARALLEL_TRANSPOSED = 1L << 24;

    /** Pieces a parallel call is cut into, claimed by whichever thread is free (see {@link SpinPool}). */
    private static final int CHUNKS = 16;

    private final SpinPool pool = new SpinPool(Runtime.getRuntime().availableProcessors());

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public Matrix pack(float[] rowMajor, int K, int N) {
        return new PanelMatrix(rowMajor, K, N, W);
    }

    @Override
    public void matmul(float[] out, float[] in, Matrix w, float[] bias, int T) {
        PanelMatrix m = panels(w);
        if (bias != null && bias.length < m.N)
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + m.N + " columns");
        multiply(out, in, m, 0, m.K, bias, T);
    }

    @Override
    public void matmulRows(float[] out, float[] in, Matrix w, int kFrom, int kTo, int T) {
        PanelMatrix m = panels(w);
        if (kFrom < 0 || kTo > m.K || kFrom > kTo)
            throw new IllegalArgumentException("rows " + kFrom + "…" + kTo + " of a " + m.K + "-row matrix");
        multiply(out, in, m, kFrom, kTo - kFrom, null, T);
    }

    private static PanelMatrix panels(Matrix w) {
        if (w instanceof PanelMatrix) return (PanelMatrix) w;
        throw new IllegalArgumentException("matrix was not packed by the vector kernels: " + w.getClass().getSimpleName());
    }

    /** out (T, N) = in (T, kCount) · m[kFrom : kFrom+kCount, :] + bias, panels shared among the threads. */
    private void multiply(float[] out, float[] in, PanelMatrix m, int kFrom, int kCount, float[] bias, int T) {
        if (in.length < T * kCount || out.length < T * m.N)
            throw new IllegalArgumentException("matmul of " + T + "x" + kCount + " by " + kCount + "x" + m.N
                    + " with arrays of " + in.length + " and " + out.length);
        long work = (long) T * kCount * m.N;
        if (work < PARALLEL_MATMUL) {
            panelRange(out, in, m, kFrom, kCount, bias, T, 0, m.panels);
            return;
        }
        int chunks = Math.min(m.panels, CHUNKS);
        pool.run(chunks, c -> panelRange(out, in, m, kFrom, kCount, bias, T,
                m.panels * c / chunks, m.panels * (c + 1) / chunks));
    }

    private static void panelRange(float[] out, float[] in, PanelMatrix m, int kFrom, int kCount, float[] bias,
                                   int T, int p0, int p1) {
        int N = m.N;
        float[] tile = new float[8 * W]; // (8, W) rows of the padded last panel
        for (int p = p0; p < p1; p++) {
            int col0 = p * W, cols = Math.min(W, N - col0), wOff = (p * m.K + kFrom) * W;
            for (int t = 0; t < T; ) {
                int rows = T - t >= 8 ? 8 : T - t >= 4 ? 4 : 1;
                if (cols == W) {
                    rows(rows, out, t * N + col0, N, in, t * kCount, kCount, m.data, wOff);
                } else {
                    rows(rows, tile, 0, W, in, t * kCount, kCount, m.data, wOff);
                    for (int r = 0; r < rows; r++) System.arraycopy(tile, r * W, out, (t + r) * N + col0, cols);
                }
                t += rows;
            }
            if (bias != null) addBias(out, bias, T, N, col0, cols);
        }
    }

    /**
     * dst rows (rows, W) at o with row stride = in (rows, K) at i0 · one panel (K, W) at wOff.
     * The kernels only multiply and store: anything more in them (a call taking vectors, a branch on the
     * panel width) made C2 give up inlining and box the accumulators, 50 times slower.
     */
    private static void rows(int rows, float[] dst, int o, int stride, float[] in, int i0, int K, float[] w, int wOff) {
        if (rows == 8) rows8(dst, o, stride, in, i0, K, w, wOff);
        else if (rows == 4) rows4(dst, o, stride, in, i0, K, w, wOff);
        else rows1(dst, o, in, i0, K, w, wOff);
    }

    /** out[t, col0 … col0+cols) += bias[col0 …] for every row: bias added after the sum, as the reference does. */
    private static void addBias(float[] out, float[] bias, int T, int N, int col0, int cols) {
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

    @Override
    public void matmulTransposed(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                                 float[] b, int bOff, int bStride, int M, int N, int K, float scale) {
        if ((long) M * N * K < PARALLEL_TRANSPOSED || N < 2) {
            TransposedProduct.columns(out, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, K, scale, 0, N);
            return;
        }
        int chunks = Math.min(N, CHUNKS);
        pool.run(chunks, c -> TransposedProduct.columns(out, outOff, outStride, a, aOff, aStride, b, bOff, bStride,
                M, K, scale, N * c / chunks, N * (c + 1) / chunks));
    }

    @Override
    public void matmulStrided(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                              float[] b, int bOff, int bStride, int M, int N, int K) {
        int i = 0;
        for (; i + 4 <= M; i += 4) {
            int k = 0;
            for (; k + 4 * L <= K; k += 4 * L)
                mix4x4(out, outOff + i * outStride + k, outStride, a, aOff + i * aStride, aStride, b, bOff + k, bStride, N);
            for (; k + L <= K; k += L)
                for (int r = 0; r < 4; r++)
                    mix1(out, outOff + (i + r) * outStride + k, a, aOff + (i + r) * aStride, b, bOff + k, bStride, N);
            for (; k < K; k++)
                for (int r = 0; r < 4; r++)
                    out[outOff + (i + r) * outStride + k] = mixScalar(a, aOff + (i + r) * aStride, b, bOff + k, bStride, N);
        }
        for (; i < M; i++) {
            int k = 0;
            for (; k + 4 * L <= K; k += 4 * L)
                mix1x4(out, outOff + i * outStride + k, a, aOff + i * aStride, b, bOff + k, bStride, N);
            for (; k + L <= K; k += L) mix1(out, outOff + i * outStride + k, a, aOff + i * aStride, b, bOff + k, bStride, N);
            for (; k < K; k++) out[outOff + i * outStride + k] = mixScalar(a, aOff + i * aStride, b, bOff + k, bStride, N);
        }
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

    @Override
    public void softmax(float[] x, int off, int n) {
        int nv = n - n % L;
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < nv; i += L) mv = mv.max(FloatVector.fromArray(S, x, off + i));
        float max = mv.reduceLanes(jdk.incubator.vector.VectorOperators.MAX); // exact in any order
        for (int i = nv; i < n; i++) max = Math.max(max, x[off + i]);
        FloatVector sv = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, x, off + i).sub(max));
            e.intoArray(x, off + i);
            sv = sv.add(e);
        }
        float[] tail = new float[L]; // (L) the last n mod L values, padded with -∞ (whose exp is 0)
        java.util.Arrays.fill(tail, Float.NEGATIVE_INFINITY);
        System.arraycopy(x, off + nv, tail, 0, n - nv);
        FloatVector e = VectorMath.exp(FloatVector.fromArray(S, tail, 0).sub(max));
        e.intoArray(tail, 0);
        System.arraycopy(tail, 0, x, off + nv, n - nv);
        float inv = 1f / VectorMath.sum(sv.add(e).toArray(), 0);
        for (int i = 0; i < nv; i += L) FloatVector.fromArray(S, x, off + i).mul(inv).intoArray(x, off + i);
        for (int i = nv; i < n; i++) x[off + i] *= inv;
    }

    @Override
    public void layerNorm(float[] out, float[] in, float[] gamma, float[] beta, int T, int D, float eps) {
        int Dv = D - D % L;
        for (int t = 0; t < T; t++) {
            int o = t * D;
            FloatVector acc = FloatVector.zero(S);
            for (int d = 0; d < Dv; d += L) acc = acc.add(FloatVector.fromArray(S, in, o + d));
            float sum = VectorMath.sum(acc.toArray(), 0);
            for (int d = Dv; d < D; d++) sum += in[o + d];
            float mean = sum / D;
            acc = FloatVector.zero(S);
            for (int d = 0; d < Dv; d += L) {
                FloatVector c = FloatVector.fromArray(S, in, o + d).sub(mean);
                acc = c.fma(c, acc);
            }
            float var = VectorMath.sum(acc.toArray(), 0);
            for (int d = Dv; d < D; d++) var = Math.fma(in[o + d] - mean, in[o + d] - mean, var);
            var /= D;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            for (int d = 0; d < Dv; d += L)
                FloatVector.fromArray(S, in, o + d).sub(mean).mul(inv).mul(FloatVector.fromArray(S, gamma, d))
                        .add(FloatVector.fromArray(S, beta, d)).intoArray(out, o + d);
            for (int d = Dv; d < D; d++) out[o + d] = (in[o + d] - mean) * inv * gamma[d] + beta[d];
        }
    }

    @Override
    public void geluTanh(float[] x, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) VectorMath.geluTanh(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        float[] tail = new float[L]; // (L)
        System.arraycopy(x, nv, tail, 0, n - nv);
        VectorMath.geluTanh(FloatVector.fromArray(S, tail, 0)).intoArray(tail, 0);
        System.arraycopy(tail, 0, x, nv, n - nv);
    }

    @Override
    public void geluErf(float[] x, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L) VectorMath.geluErf(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        float[] tail = new float[L]; // (L)
        System.arraycopy(x, nv, tail, 0, n - nv);
        VectorMath.geluErf(FloatVector.fromArray(S, tail, 0)).intoArray(tail, 0);
        System.arraycopy(tail, 0, x, nv, n - nv);
    }

    @Override
    public void add(float[] y, float[] x, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L)
            FloatVector.fromArray(S, y, i).add(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        for (int i = nv; i < n; i++) y[i] += x[i];
    }
}
