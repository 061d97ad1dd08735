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
        return new RowMajorMatrix(rowMajor.clone(), K, N);
    }

    @Override
    public void matmul(float[] out, float[] in, Matrix w, float[] bias, int T) {
        RowMajorMatrix m = (RowMajorMatrix) w;
        int K = m.rows(), N = m.cols();
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                float sum = 0f;
                for (int k = 0; k < K; k++) sum += in[t * K + k] * m.data[k * N + n];
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
                for (int k = 0; k < width; k++) sum += in[t * width + k] * m.data[(kFrom + k) * N + n];
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
            for (int d = 0; d < D; d++) out[o + d] = (in[o + d] - mean) * inv * gamma[d] + beta[d];
        }
    }

    @Override
    public void geluTanh(float[] x, int n) {
        for (int i = 0; i < n; i++) x[i] = Activations.geluTanh(x[i]);
    }

    @Override
    public void geluErf(float[] x, int n) {
        for (int i = 0; i < n; i++) x[i] = Activations.geluErf(x[i]);
    }

    @Override
    public void add(float[] y, float[] x, int n) {
        for (int i = 0; i < n; i++) y[i] += x[i];
    }

    /** Row-major (K, N) storage. */
    static final class RowMajorMatrix implements Matrix {
        final float[] data; // (K, N)
        private final int K, N;

        RowMajorMatrix(float[] data, int K, int N) {
            this.data = data;
            this.K = K;
            this.N = N;
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
            return data[k * N + n];
        }
    }
}
