package org.attentionlens.tensor;

/**
 * A read-only weight matrix W of shape (K, N), used as {@code out (T, N) = in (T, K) · W}.
 * Each {@link Kernels} implementation stores it in the layout its matmul wants (row-major for the
 * scalar reference, column panels for the Vector API kernel); {@link #get} reads it back either way.
 */
public interface Matrix {
    /** Rows: the input width K. */
    int rows();

    /** Columns: the output width N. */
    int cols();

    /** W[k][n]. */
    float get(int k, int n);

    /** How the values are held: F32, or 16-bit widened as they are read. */
    default DType dtype() {
        return DType.F32;
    }

    /** Bytes held, padding included. */
    long bytes();

    /** A row-major copy (K, N), for display, export and tests. */
    default float[] toRowMajor() {
        float[] out = new float[rows() * cols()]; // (K, N)
        for (int k = 0; k < rows(); k++)
            for (int n = 0; n < cols(); n++) out[k * cols() + n] = get(k, n);
        return out;
    }
}
