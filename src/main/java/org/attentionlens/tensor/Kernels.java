package org.attentionlens.tensor;

/**
 * The numeric kernels of the forward pass, as {@code op(out, in, weights, dims)}.
 * <p>Legend: T rows (tokens), K reduction width, N output width, M rows of a second operand.
 * All arrays are float32, row-major; {@code off}/{@code stride} select a strided block of a larger array.
 * <p>Two implementations: {@link ScalarKernels} (the reference, plain loops) and a Vector API one that must
 * agree with it to float rounding. Every element of every output is computed by the same reduction whatever
 * T, N, M, the offsets or the number of threads are, so recomputing one head later gives bit-identical numbers.
 */
public interface Kernels {

    /** A short name for logs and benchmarks, e.g. "scalar" or "vector-512". */
    String name();

    /** Stores a row-major (K, N) weight in this kernel's layout. The input array is not kept. */
    Matrix pack(float[] rowMajor, int K, int N);

    /**
     * Stores a row-major (K, N) weight of 16-bit patterns (BF16 or F16) in this kernel's layout, still 16-bit:
     * the products widen it to float32 as they read it. The input array is not kept.
     */
    Matrix pack(short[] rowMajor, int K, int N, DType dtype);

    /**
     * The matrix W (K, N) whose transpose (N, K), the layout PyTorch's nn.Linear stores, rows supplies a block at a
     * time: the kernels pack their layout straight from the loader's reads, with no transposed copy of the weight.
     * A failure of the reader is rethrown as {@link RowReadException}.
     */
    Matrix packTransposed(RowReader<float[]> rows, int K, int N);

    /** The same for 16-bit patterns (BF16 or F16), kept 16-bit. */
    Matrix packTransposed(RowReader<short[]> rows, int K, int N, DType dtype);

    /** out (T, N) = in (T, K) · w (K, N) + bias (N); bias may be null. */
    void matmul(float[] out, float[] in, Matrix w, float[] bias, int T);

    /**
     * out (T, N) = in (T, kTo - kFrom) · w[kFrom:kTo, :], one block of rows of w, no bias.
     * Used for one head's slice of W_O: ‖v_j W_O^h‖ (Kobayashi et al. 2020).
     */
    void matmulRows(float[] out, float[] in, Matrix w, int kFrom, int kTo, int T);

    /**
     * out[i*outStride + j] = scale · Σ_k a[aOff + i*aStride + k] · b[bOff + j*bStride + k]
     * for i < M, j < N, k < K: a (M, K) times b (N, K) transposed. Attention scores q·kᵀ and Gram matrices.
     */
    void matmulTransposed(float[] out, int outOff, int outStride,
                          float[] a, int aOff, int aStride,
                          float[] b, int bOff, int bStride,
                          int M, int N, int K, float scale);

    /**
     * out[i*outStride + k] = Σ_j a[aOff + i*aStride + j] · b[bOff + j*bStride + k]
     * for i < M, j < N, k < K: a (M, N) times b (N, K). Softmax weights times V.
     */
    void matmulStrided(float[] out, int outOff, int outStride,
                       float[] a, int aOff, int aStride,
                       float[] b, int bOff, int bStride,
                       int M, int N, int K);

    /** x[off : off+n] = softmax of itself, stable (the row max is subtracted first). */
    void softmax(float[] x, int off, int n);

    /** out (T, D) = (in - mean) / sqrt(var + eps) · gamma + beta, per row; beta may be null (no shift). out may be in. */
    void layerNorm(float[] out, float[] in, float[] gamma, float[] beta, int T, int D, float eps);

    /** out (T, D) = in / sqrt(mean(in²) + eps) · gamma, per row (RMSNorm). out may be in. */
    void rmsNorm(float[] out, float[] in, float[] gamma, int T, int D, float eps);

    /** x = act(x), in place over n elements. */
    void activate(float[] x, int n, Activation act);

    /** gate = act(gate) · up over n elements: the gated MLP's SwiGLU / GeGLU. */
    void gatedActivate(float[] gate, float[] up, int n, Activation act);

    /** x[off : off+n] = cap · tanh(x / cap): Gemma 2's soft-capping of attention scores and logits. */
    void softcap(float[] x, int off, int n, float cap);

    /**
     * Rotary position embedding, in place: for each of T rows (at off + t·stride) and each of {@code heads}
     * heads of width Dh, the first {@code rotary} dimensions are turned pairwise by the angles whose cosines and
     * sines are cos, sin (T, rotary/2); the rest pass through. Pairs are (i, i + rotary/2) when split in halves
     * (Llama, GPT-NeoX) or (2i, 2i+1) when interleaved (GPT-J): x' = x·cos − y·sin, y' = y·cos + x·sin.
     */
    void rope(float[] x, int off, int stride, int T, int heads, int Dh, int rotary, float[] cos, float[] sin,
              boolean interleaved);

    /** out (R) = t (R, C) · x (C): every row's dot product with x, the LM head of one position. */
    void tableProduct(float[] out, float[] x, Table t);

    /** y += x over n elements. */
    void add(float[] y, float[] x, int n);

    /** The fastest kernels this JVM can run: the Vector API ones when jdk.incubator.vector is present. */
    static Kernels best() {
        return KernelChoice.BEST;
    }

    /** The scalar reference. */
    static Kernels scalar() {
        return KernelChoice.SCALAR;
    }
}
