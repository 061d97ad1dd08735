package org.attentionlens.tensor;

import java.util.stream.IntStream;

/**
 * A (K, N) weight of 16-bit values (BF16 or F16) in the column panels of {@link PanelMatrix}, still 16-bit:
 * {@link PanelProduct} widens one panel at a time to float32 as it multiplies. Half the memory of float32, and
 * for decode (one row, bound by reading the weights) half the bytes read per token.
 * Legend: K rows, N columns, W panel width, P = ⌈N / W⌉ panels.
 */
final class HalfPanelMatrix implements Matrix {
    final short[] data; // (P, K, W) 16-bit patterns, the last panel zero-padded
    final DType dtype;
    final int K, N, width, panels;

    private HalfPanelMatrix(int K, int N, int width, DType dtype) {
        if (dtype == DType.F32) throw new IllegalArgumentException("16-bit data given as F32");
        this.dtype = dtype;
        this.K = K;
        this.N = N;
        this.width = width;
        this.panels = (N + width - 1) / width;
        this.data = new short[Math.toIntExact((long) panels * K * width)];
    }

    /** From W row-major (K, N). */
    static HalfPanelMatrix fromRowMajor(short[] rowMajor, int K, int N, int width, DType dtype) {
        PanelMatrix.check(rowMajor.length, K, N);
        HalfPanelMatrix m = new HalfPanelMatrix(K, N, width, dtype);
        for (int p = 0; p < m.panels; p++) {
            int cols = Math.min(width, N - p * width);
            for (int k = 0; k < K; k++)
                System.arraycopy(rowMajor, k * N + p * width, m.data, (p * K + k) * width, cols);
        }
        return m;
    }

    /** From Wᵀ (N, K), a panel's rows at a time, as {@link PanelMatrix#fromTransposed} does. */
    static HalfPanelMatrix fromTransposed(RowReader<short[]> rows, int K, int N, int width, DType dtype) {
        HalfPanelMatrix m = new HalfPanelMatrix(K, N, width, dtype);
        ThreadLocal<short[]> block = ThreadLocal.withInitial(() -> new short[width * K]); // (W, K)
        IntStream.range(0, m.panels).parallel().forEach(p -> {
            int cols = Math.min(width, N - p * width), base = p * K * width;
            short[] b = block.get();
            try {
                rows.read(p * width, cols, b);
            } catch (Exception e) {
                throw new RowReadException(e);
            }
            for (int k0 = 0; k0 < K; k0 += PanelMatrix.TILE)
                for (int c = 0, k1 = Math.min(K, k0 + PanelMatrix.TILE); c < cols; c++)
                    for (int k = k0; k < k1; k++) m.data[base + k * width + c] = b[c * K + k];
        });
        return m;
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
    public DType dtype() {
        return dtype;
    }

    @Override
    public long bytes() {
        return (long) data.length * 2;
    }

    @Override
    public float get(int k, int n) {
        if (k < 0 || k >= K || n < 0 || n >= N) throw new IndexOutOfBoundsException("(" + k + ", " + n + ") of " + K + "x" + N);
        return dtype.widen(data[((n / width) * K + k) * width + n % width]);
    }
}
