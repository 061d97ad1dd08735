package org.attentionlens.tensor;

/**
 * A (K, N) weight stored as column panels for {@link VectorKernels}: panel p holds columns
 * p·W … p·W+W-1 as K consecutive rows of W floats, so the matmul's inner loop reads one contiguous stream.
 * The last panel is padded with zeros to full width, so the hot loop never branches on a partial panel.
 * Legend: K rows (input width), N columns (output width), W panel width, P = ⌈N / W⌉ panels.
 */
final class PanelMatrix implements Matrix {
    final float[] data; // (P, K, W)
    final int K, N, width, panels;

    PanelMatrix(float[] rowMajor, int K, int N, int width) {
        if (rowMajor.length != K * N)
            throw new IllegalArgumentException("weight has " + rowMajor.length + " values, expected " + K + "x" + N);
        this.K = K;
        this.N = N;
        this.width = width;
        this.panels = (N + width - 1) / width;
        this.data = new float[panels * K * width];
        for (int p = 0; p < panels; p++) {
            int cols = Math.min(width, N - p * width);
            for (int k = 0; k < K; k++)
                System.arraycopy(rowMajor, k * N + p * width, data, (p * K + k) * width, cols);
        }
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
    public long bytes() {
        return (long) data.length * 4;
    }

    @Override
    public float get(int k, int n) {
        if (k < 0 || k >= K || n < 0 || n >= N) throw new IndexOutOfBoundsException("(" + k + ", " + n + ") of " + K + "x" + N);
        return data[((n / width) * K + k) * width + n % width];
    }
}
