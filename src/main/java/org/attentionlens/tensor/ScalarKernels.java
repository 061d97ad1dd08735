package org.attentionlens.tensor;

/**
 * The reference kernels: plain loops in the order the math is written, no threads, no tricks.
 * Every fast kernel is tested against these. Legend as in {@link Kernels}.
 */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Matrix pack(float[] rowMajor, int K, int N) {
        if (rowMajor.length != K * N)
            throw new IllegalArgumentException("weight has " + rowMajor.length + " values, expected " + K + "x" + N);
        return new RowMajorMatrix(rowMajor.clone(), null, DType.F32, K, N);
    }

    @Override
    public Matrix pack(short[] rowMajor, int K, int N, DType dtype) {
        if (rowMajor.length != K * N)
            throw new IllegalArgumentException("weight has " + rowMajor.length + " values, expected " + K + "x" + N);
        if (dtype == DType.F32) throw new IllegalArgumentException("16-bit data given as F32");
        return new RowMajorMatrix(null, rowMajor.clone(), dtype, K, N);
    }

    @Override
    public Matrix packTransposed(RowReader<float[]> rows, int K, int N) {
        float[] t = new float[K * N], w = new float[K * N]; // (N, K) as stored, then (K, N)
        read(rows, N, t);
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) w[k * N + n] = t[n * K + k];
        return new RowMajorMatrix(w, null, DType.F32, K, N);
    }

    @Override
    public Matrix packTransposed(RowReader<short[]> rows, int K, int N, DType dtype) {
        short[] t = new short[K * N], w = new short[K * N]; // (N, K) as stored, then (K, N)
        read(rows, N, t);
        for (int n = 0; n < N; n++)
            for (int k = 0; k < K; k++) w[k * N + n] = t[n * K + k];
        return new RowMajorMatrix(null, w, dtype, K, N);
    }

    private static <A> void read(RowReader<A> rows, int N, A into) {
        try {
            rows.read(0, N, into);
        } catch (Exception e) {
            throw new RowReadException(e);
        }
    }

    @Override
    public void matmul(float[] out, float[] in, Matrix w, float[] bias, int T) {
        RowMajorMatrix m = (RowMajorMatrix) w;
        int K = m.rows(), N = m.cols();
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                float sum = 0f;
                for (int k = 0; k < K; k++) sum += in[t * K + k] * m.get(k, n);
                out[t * N + n] = bias == null ? sum : sum + bias[n];
            }
        }
    }

    @Override
    public void matmulRows(float[] out, float[] in, Matrix w, int kFrom, int kTo, int T) {
        RowMajorMatrix m = (RowMajorMatrix) w;
        int N = m.cols(), width = kTo - kFrom;
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                float sum = 0f;
                for (int k = 0; k < width; k++) sum += in[t * width + k] * m.get(kFrom + k, n);
                out[t * N + n] = sum;
            }
        }
    }

    @Override
    public void matmulTransposed(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                                 float[] b, int bOff, int bStride, int M, int N, int K, float scale) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float sum = 0f;
                for (int k = 0; k < K; k++) sum += a[aOff + i * aStride + k] * b[bOff + j * bStride + k];
                out[outOff + i * outStride + j] = sum * scale;
            }
        }
    }

    @Override
    public void matmulStrided(float[] out, int outOff, int outStride, float[] a, int aOff, int aStride,
                              float[] b, int bOff, int bStride, int M, int N, int K) {
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < K; k++) {
                float sum = 0f;
                for (int j = 0; j < N; j++) sum += a[aOff + i * aStride + j] * b[bOff + j * bStride + k];
                out[outOff + i * outStride + k] = sum;
            }
        }
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[off + i]);
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < n; i++) x[off + i] *= inv;
    }

    @Override
    public void layerNorm(float[] out, float[] in, float[] gamma, float[] beta, int T, int D, float eps) {
        for (int t = 0; t < T; t++) {
            int o = t * D;
            float mean = 0f;
            for (int d = 0; d < D; d++) mean += in[o + d];
            mean /= D;
            float var = 0f;
            for (int d = 0; d < D; d++) {
                float c = in[o + d] - mean;
                var += c * c;
            }
            var /= D;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            for (int d = 0; d < D; d++) out[o + d] = (in[o + d] - mean) * inv * gamma[d] + (beta == null ? 0f : beta[d]);
        }
    }

    @Override
    public void rmsNorm(float[] out, float[] in, float[] gamma, int T, int D, float eps) {
        for (int t = 0; t < T; t++) {
            int o = t * D;
            float squares = 0f;
            for (int d = 0; d < D; d++) squares += in[o + d] * in[o + d];
            float inv = (float) (1.0 / Math.sqrt(squares / D + eps));
            for (int d = 0; d < D; d++) out[o + d] = in[o + d] * inv * gamma[d];
        }
    }

    @Override
    public void activate(float[] x, int n, Activation act) {
        for (int i = 0; i < n; i++) x[i] = act.apply(x[i]);
    }

    @Override
    public void gatedActivate(float[] gate, float[] up, int n, Activation act) {
        for (int i = 0; i < n; i++) gate[i] = act.apply(gate[i]) * up[i];
    }

    @Override
    public void softcap(float[] x, int off, int n, float cap) {
        for (int i = off; i < off + n; i++) x[i] = (float) Math.tanh(x[i] / cap) * cap;
    }

    @Override
    public void rope(float[] x, int off, int stride, int T, int heads, int Dh, int rotary, float[] cos, float[] sin,
                     boolean interleaved) {
        int half = rotary / 2;
        for (int t = 0; t < T; t++)
            for (int h = 0; h < heads; h++) {
                int o = off + t * stride + h * Dh;
                for (int i = 0; i < half; i++) {
                    int a = o + (interleaved ? 2 * i : i), b = interleaved ? a + 1 : a + half;
                    float c = cos[t * half + i], s = sin[t * half + i], xa = x[a], xb = x[b];
                    x[a] = xa * c - xb * s;
                    x[b] = xb * c + xa * s;
                }
            }
    }

    @Override
    public void tableProduct(float[] out, float[] x, Table t) {
        int C = t.cols();
        for (int r = 0; r < t.rows(); r++) {
            float sum = 0f;
            for (int c = 0; c < C; c++) sum += t.get(r, c) * x[c];
            out[r] = sum;
        }
    }

    @Override
    public void add(float[] y, float[] x, int n) {
        for (int i = 0; i < n; i++) y[i] += x[i];
    }

    /** Row-major (K, N) storage: float32, or 16-bit patterns widened as they are read. */
    static final class RowMajorMatrix implements Matrix {
        private final float[] floats; // (K, N) or null
        private final short[] halves; // (K, N) or null
        private final DType dtype;
        private final int K, N;

        RowMajorMatrix(float[] floats, short[] halves, DType dtype, int K, int N) {
            this.floats = floats;
            this.halves = halves;
            this.dtype = dtype;
            this.K = K;
            this.N = N;
        }

        @Override
        public DType dtype() {
            return dtype;
        }

        @Override
        public long bytes() {
            return (long) K * N * dtype.bytes();
        }

        @Override
        public int rows() {
            return K;
        }

        @Override
        public int cols() {
            return N;
        }

        @Override
        public float get(int k, int n) {
            return floats != null ? floats[k * N + n] : dtype.widen(halves[k * N + n]);
        }
    }
}
