package org.attentionlens.tensor;

/**
 * A read-only row-major table (R, C) of weights in their stored type: token embeddings (V, D), read a row at
 * a time, and LM heads (V, D), read by {@link Kernels#tableProduct}. Hugging Face stores both (V, D), so
 * neither is ever transposed or copied to float32. Legend: R rows, C columns.
 */
public sealed interface Table permits Table.Floats, Table.Halves {

    int rows();

    int cols();

    DType dtype();

    /** T[r][c] as float32. */
    float get(int r, int c);

    /** out[off … off+C) = row r, widened to float32. */
    void row(int r, float[] out, int off);

    /** Bytes held. */
    default long bytes() {
        return (long) rows() * cols() * dtype().bytes();
    }

    static Table of(float[] data, int rows, int cols) {
        return new Floats(check(data.length, rows, cols, data), rows, cols);
    }

    /** 16-bit patterns of type dtype (BF16 or F16). */
    static Table of(short[] data, int rows, int cols, DType dtype) {
        if (dtype == DType.F32) throw new IllegalArgumentException("16-bit data given as F32");
        return new Halves(check(data.length, rows, cols, data), rows, cols, dtype);
    }

    private static <A> A check(long length, int rows, int cols, A data) {
        if (rows <= 0 || cols <= 0 || length != (long) rows * cols)
            throw new IllegalArgumentException("table of " + length + " values is not " + rows + " × " + cols);
        return data;
    }

    /** @param data (R, C) */
    record Floats(float[] data, int rows, int cols) implements Table {
        @Override
        public DType dtype() {
            return DType.F32;
        }

        @Override
        public float get(int r, int c) {
            return data[r * cols + c];
        }

        @Override
        public void row(int r, float[] out, int off) {
            System.arraycopy(data, r * cols, out, off, cols);
        }
    }

    /** @param data (R, C) 16-bit patterns */
    record Halves(short[] data, int rows, int cols, DType dtype) implements Table {
        @Override
        public float get(int r, int c) {
            return dtype.widen(data[r * cols + c]);
        }

        @Override
        public void row(int r, float[] out, int off) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) out[off + c] = dtype.widen(data[base + c]);
        }
    }
}
