package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * The fast kernels: Vector API (jdk.incubator.vector), weights in column panels, register-blocked matmuls
 * split over the cores. Loaded by reflection ({@link KernelChoice}) so nothing else touches the incubator.
 * <p>Reductions, fixed per output element whatever the shapes, offsets or threads (the {@link Kernels} contract):
 * <ul>
 * <li>matmul, matmulRows, matmulStrided, matmulTransposed: one fma chain per element, in order of the
 *     reduction index (vector lanes are independent elements); bias added, or scale multiplied, last.</li>
 * <li>tableProduct: see {@link TableProduct}; the reduction depends on the row width only.</li>
 * </ul>
 * The matmuls' inner loops live in {@link PanelProduct}, {@link TransposedProduct} and {@link StridedProduct};
 * this class splits the large calls over the cores and holds the element-wise kernels.
 * Legend as in {@link Kernels}; L lanes per vector.
 */
public final class VectorKernels implements Kernels {
    /** Multiply-adds below which a matmul runs on the caller alone (the handoff would cost more). */
    private static final long PARALLEL_MATMUL = 1L << 18;
    /** Multiply-adds above which matmulTransposed and tableProduct split their columns or rows (attention heads stay below). */
    private static final long PARALLEL_TRANSPOSED = 1L << 24;

    /** Pieces a parallel call is cut into, claimed by whichever thread is free (see {@link SpinPool}). */
    private static final int CHUNKS = 16;

    private final SpinPool pool = new SpinPool(Runtime.getRuntime().availableProcessors());

    public VectorKernels() {
        KernelWarmUp.startInBackground(this);
    }

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
    }

    @Override
    public Matrix pack(float[] rowMajor, int K, int N) {
        return PanelMatrix.fromRowMajor(rowMajor, K, N, PanelProduct.W);
    }

    @Override
    public Matrix pack(short[] rowMajor, int K, int N, DType dtype) {
        return HalfPanelMatrix.fromRowMajor(rowMajor, K, N, PanelProduct.W, dtype);
    }

    @Override
    public Matrix packTransposed(RowReader<float[]> rows, int K, int N) {
        return PanelMatrix.fromTransposed(rows, K, N, PanelProduct.W);
    }

    @Override
    public Matrix packTransposed(RowReader<short[]> rows, int K, int N, DType dtype) {
        return HalfPanelMatrix.fromTransposed(rows, K, N, PanelProduct.W, dtype);
    }

    @Override
    public void matmul(float[] out, float[] in, Matrix w, float[] bias, int T) {
        if (bias != null && bias.length < w.cols())
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + w.cols() + " columns");
        multiply(out, in, w, 0, w.rows(), bias, T);
    }

    @Override
    public void matmulRows(float[] out, float[] in, Matrix w, int kFrom, int kTo, int T) {
        if (kFrom < 0 || kTo > w.rows() || kFrom > kTo)
            throw new IllegalArgumentException("rows " + kFrom + "…" + kTo + " of a " + w.rows() + "-row matrix");
        multiply(out, in, w, kFrom, kTo - kFrom, null, T);
    }

    /** out (T, N) = in (T, kCount) · w[kFrom : kFrom+kCount, :] + bias, panels shared among the threads. */
    private void multiply(float[] out, float[] in, Matrix w, int kFrom, int kCount, float[] bias, int T) {
        int N = w.cols(), panels = (N + PanelProduct.W - 1) / PanelProduct.W;
        if (in.length < T * kCount || out.length < T * N)
            throw new IllegalArgumentException("matmul of " + T + "x" + kCount + " by " + kCount + "x" + N
                    + " with arrays of " + in.length + " and " + out.length);
        PanelRange range;
        if (w instanceof PanelMatrix m) range = (p0, p1) -> PanelProduct.panels(out, in, m, kFrom, kCount, bias, T, p0, p1);
        else if (w instanceof HalfPanelMatrix m) range = (p0, p1) -> PanelProduct.halfPanels(out, in, m, kFrom, kCount, bias, T, p0, p1);
        else throw new IllegalArgumentException("matrix was not packed by the vector kernels: " + w.getClass().getSimpleName());
        if ((long) T * kCount * N < PARALLEL_MATMUL) {
            range.run(0, panels);
            return;
        }
        int chunks = Math.min(panels, CHUNKS);
        pool.run(chunks, c -> range.run(panels * c / chunks, panels * (c + 1) / chunks));
    }

    /** Panels p0 … p1-1 of one product. */
    @FunctionalInterface
    private interface PanelRange {
        void run(int p0, int p1);
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
        StridedProduct.multiply(out, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, N, K);
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        int nv = n - n % L;
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < nv; i += L) mv = mv.max(FloatVector.fromArray(S, x, off + i));
        float max = mv.reduceLanes(VectorOperators.MAX); // exact in any order
        for (int i = nv; i < n; i++) max = Math.max(max, x[off + i]);
        float inv = 1f / VectorMath.expSum(x, off, n, max);
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
            for (int d = 0; d < Dv; d += L) {
                FloatVector y = FloatVector.fromArray(S, in, o + d).sub(mean).mul(inv).mul(FloatVector.fromArray(S, gamma, d));
                (beta == null ? y : y.add(FloatVector.fromArray(S, beta, d))).intoArray(out, o + d);
            }
            for (int d = Dv; d < D; d++) out[o + d] = (in[o + d] - mean) * inv * gamma[d] + (beta == null ? 0f : beta[d]);
        }
    }

    @Override
    public void rmsNorm(float[] out, float[] in, float[] gamma, int T, int D, float eps) {
        int Dv = D - D % L;
        for (int t = 0; t < T; t++) {
            int o = t * D;
            FloatVector acc = FloatVector.zero(S);
            for (int d = 0; d < Dv; d += L) {
                FloatVector c = FloatVector.fromArray(S, in, o + d);
                acc = c.fma(c, acc);
            }
            float squares = VectorMath.sum(acc.toArray(), 0);
            for (int d = Dv; d < D; d++) squares = Math.fma(in[o + d], in[o + d], squares);
            float inv = (float) (1.0 / Math.sqrt(squares / D + eps));
            for (int d = 0; d < Dv; d += L)
                FloatVector.fromArray(S, in, o + d).mul(inv).mul(FloatVector.fromArray(S, gamma, d)).intoArray(out, o + d);
            for (int d = Dv; d < D; d++) out[o + d] = in[o + d] * inv * gamma[d];
        }
    }

    @Override
    public void activate(float[] x, int n, Activation act) {
        int nv = n - n % L;
        VectorMath.activate(x, nv, act);
        if (nv == n) return;
        float[] tail = new float[L]; // (L) the last n mod L values through the same vector code
        System.arraycopy(x, nv, tail, 0, n - nv);
        VectorMath.activate(tail, L, act);
        System.arraycopy(tail, 0, x, nv, n - nv);
    }

    @Override
    public void gatedActivate(float[] gate, float[] up, int n, Activation act) {
        activate(gate, n, act);
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L)
            FloatVector.fromArray(S, gate, i).mul(FloatVector.fromArray(S, up, i)).intoArray(gate, i);
        for (int i = nv; i < n; i++) gate[i] *= up[i];
    }

    @Override
    public void softcap(float[] x, int off, int n, float cap) {
        int nv = n - n % L;
        VectorMath.softcap(x, off, nv, cap);
        if (nv == n) return;
        float[] tail = new float[L]; // (L)
        System.arraycopy(x, off + nv, tail, 0, n - nv);
        VectorMath.softcap(tail, 0, L, cap);
        System.arraycopy(tail, 0, x, off + nv, n - nv);
    }

    @Override
    public void rope(float[] x, int off, int stride, int T, int heads, int Dh, int rotary, float[] cos, float[] sin,
                     boolean interleaved) {
        Rotations.rotate(x, off, stride, T, heads, Dh, rotary, cos, sin, interleaved);
    }

    @Override
    public void tableProduct(float[] out, float[] x, Table t) {
        int R = t.rows();
        if ((long) R * t.cols() < PARALLEL_TRANSPOSED) {
            TableProduct.rows(out, x, t, 0, R);
            return;
        }
        int chunks = Math.min(R, CHUNKS);
        pool.run(chunks, c -> TableProduct.rows(out, x, t, R * c / chunks, R * (c + 1) / chunks));
    }

    @Override
    public void add(float[] y, float[] x, int n) {
        int nv = n - n % L;
        for (int i = 0; i < nv; i += L)
            FloatVector.fromArray(S, y, i).add(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        for (int i = nv; i < n; i++) y[i] += x[i];
    }
}
