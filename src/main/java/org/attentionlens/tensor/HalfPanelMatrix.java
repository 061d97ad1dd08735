package org.attentionlens.tensor;

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

    HalfPanelMatrix(short[] rowMajor, int K, int N, int width, DType dtype) {
        if (dtype == DType.F32) throw new IllegalArgumentException("16-bit data given as F32");
        if ((long) rowMajor.length != (long) K * N)
            throw new IllegalArgumentException("weight has " + rowMajor.length + " values, expected " + K + "x" + N);
        this.dtype = dtype;
        this.K = K;
        this.N = N;
        this.width = width;
        this.panels = (N + width - 1) / width;
        this.data = new short[Math.toIntExact((long) panels * K * width)];
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
