package org.attentionlens.tensor;

import java.util.stream.IntStream;

/**
 * A (K, N) weight stored as column panels for {@link VectorKernels}: panel p holds columns
 * p·W … p·W+W-1 as K consecutive rows of W floats, so the matmul's inner loop reads one contiguous stream.
 * The last panel is padded with zeros to full width, so the hot loop never branches on a partial panel.
 * Legend: K rows (input width), N columns (output width), W panel width, P = ⌈N / W⌉ panels.
 */
final class PanelMatrix implements Matrix {
    /** Rows of a panel written per pass when packing from (N, K): a tile small enough to stay in L1. */
    static final int TILE = 64;

    final float[] data; // (P, K, W)
    final int K, N, width, panels;

    private PanelMatrix(int K, int N, int width) {
        this.K = K;
        this.N = N;
        this.width = width;
        this.panels = (N + width - 1) / width;
        this.data = new float[Math.toIntExact((long) panels * K * width)];
    }

    /** From W row-major (K, N). */
    static PanelMatrix fromRowMajor(float[] rowMajor, int K, int N, int width) {
        check(rowMajor.length, K, N);
        PanelMatrix m = new PanelMatrix(K, N, width);
        for (int p = 0; p < m.panels; p++) {
            int cols = Math.min(width, N - p * width);
            for (int k = 0; k < K; k++)
                System.arraycopy(rowMajor, k * N + p * width, m.data, (p * K + k) * width, cols);
        }
        return m;
    }

    /**
     * From Wᵀ (N, K), PyTorch's nn.Linear layout, read a panel's W rows at a time (on every core: the loader's
     * slowest step) and written into the panel a tile of k at a time so both stay in cache.
     */
    static PanelMatrix fromTransposed(RowReader<float[]> rows, int K, int N, int width) {
        PanelMatrix m = new PanelMatrix(K, N, width);
        ThreadLocal<float[]> block = ThreadLocal.withInitial(() -> new float[width * K]); // (W, K) a panel's rows
        IntStream.range(0, m.panels).parallel().forEach(p -> {
            int cols = Math.min(width, N - p * width), base = p * K * width;
            float[] b = block.get();
            try {
                rows.read(p * width, cols, b);
            } catch (Exception e) {
                throw new RowReadException(e);
            }
            for (int k0 = 0; k0 < K; k0 += TILE)
                for (int c = 0, k1 = Math.min(K, k0 + TILE); c < cols; c++)
                    for (int k = k0; k < k1; k++) m.data[base + k * width + c] = b[c * K + k];
        });
        return m;
    }

    static void check(long length, int K, int N) {
        if (length != (long) K * N)
            throw new IllegalArgumentException("weight has " + length + " values, expected " + K + "x" + N);
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
