package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.io.SafetensorsCheckpoint;
import org.attentionlens.io.SafetensorsFile;
import org.attentionlens.model.Norm;
import org.attentionlens.tensor.DType;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.RowReadException;
import org.attentionlens.tensor.Table;

import java.util.Arrays;
import java.util.concurrent.CancellationException;

/**
 * Reads a checkpoint's tensors into the shapes the forward pass wants, in their stored precision: F32 stays float32,
 * BF16 and F16 stay 16-bit (no float32 copy of the model is ever made). Every shape is checked against what the
 * config implies, and a mismatch names the tensor, both shapes and what the dimensions mean.
 * <p>Layouts: PyTorch's nn.Linear stores (out, in), transposed here to the kernels' (in, out); GPT-2's Conv1D stores
 * (in, out) already. Fused tensors are read in parts: a range or a list of rows (out units) or of columns.
 * Progress is reported by bytes read; a load interrupted from outside stops at the next tensor.
 * Legend: K = in, N = out (columns of the result), R rows of a table, C its columns.
 */
public final class WeightReader {
    /** Elements read at once when transposing a weight: a few MB, enough to keep the reads long. */
    private static final int BLOCK = 1 << 20;
    private final SafetensorsCheckpoint ckpt;
    private final Kernels kernels;
    private final Progress progress;
    private final long totalBytes;
    private long doneBytes;

    public WeightReader(SafetensorsCheckpoint ckpt, Kernels kernels, Progress progress) {
        this.ckpt = ckpt;
        this.kernels = kernels;
        this.progress = progress;
        this.totalBytes = Math.max(1, ckpt.dataBytes());
    }

    public boolean has(String name) {
        return ckpt.has(name);
    }

    /** The tensor's shape as stored. */
    public long[] shape(String name) throws ModelLoadException {
        return ckpt.info(name).shape();
    }

    /** Whether two tensors hold the same shape, type and bytes (a tied head saved twice), compared in chunks. */
    public boolean sameData(String a, String b) throws ModelLoadException {
        SafetensorsFile.TensorInfo x = ckpt.info(a), y = ckpt.info(b);
        if (!Arrays.equals(x.shape(), y.shape()) || !x.dtype().equals(y.dtype())) return false;
        SafetensorsFile fx = ckpt.file(a), fy = ckpt.file(b);
        if (fx.dtype(x) == DType.F32) {
            float[] p = new float[BLOCK], q = new float[BLOCK];
            for (long e = 0, n = x.elements(); e < n; e += BLOCK) {
                int len = (int) Math.min(BLOCK, n - e);
                fx.readFloats(x, e, p, 0, len);
                fy.readFloats(y, e, q, 0, len);
                if (!Arrays.equals(p, 0, len, q, 0, len)) return false;
            }
        } else {
            short[] p = new short[BLOCK], q = new short[BLOCK];
            for (long e = 0, n = x.elements(); e < n; e += BLOCK) {
                int len = (int) Math.min(BLOCK, n - e);
                fx.readHalves(x, e, p, 0, len);
                fy.readHalves(y, e, q, 0, len);
                if (!Arrays.equals(p, 0, len, q, 0, len)) return false;
            }
        }
        return true;
    }

    /** A (rows, cols) table, e.g. an embedding (V, D), in its stored precision. */
    public Table table(String name, int rows, int cols, String legend) throws ModelLoadException {
        SafetensorsFile.TensorInfo t = checked(name, legend, rows, cols);
        SafetensorsFile f = ckpt.file(name);
        DType dtype = f.dtype(t);
        int n = Math.multiplyExact(rows, cols);
        Table out;
        if (dtype == DType.F32) {
            float[] a = new float[n];
            f.readFloats(t, 0, a, 0, n);
            out = Table.of(a, rows, cols);
        } else {
            short[] a = new short[n];
            f.readHalves(t, 0, a, 0, n);
            out = Table.of(a, rows, cols, dtype);
        }
        done(t);
        return out;
    }

    /** A whole tensor as float32 (norms, biases, small tables), checked against the expected shape. */
    public float[] floats(String name, String legend, long... shape) throws ModelLoadException {
        SafetensorsFile.TensorInfo t = checked(name, legend, shape);
        float[] out = ckpt.file(name).floats(name);
        done(t);
        return out;
    }

    /** Elements from … from+count of a vector (a fused bias's part). */
    public float[] floatsPart(String name, String legend, int length, int from, int count) throws ModelLoadException {
        return Arrays.copyOfRange(floats(name, legend, length), from, from + count);
    }

    /** A norm of the given width: weight and optional bias; unitOffset adds Gemma's 1 to the weight. */
    public Norm norm(String weight, String bias, int width, boolean unitOffset) throws ModelLoadException {
        float[] gamma = floats(weight, "(norm width)", width);
        if (unitOffset) for (int i = 0; i < width; i++) gamma[i] = 1f + gamma[i]; // the float32 sum HF computes
        return new Norm(gamma, bias == null ? null : floats(bias, "(norm width)", width));
    }

    /** An nn.Linear weight (out, in) as the matrix (in, out). */
    public Matrix linear(String name, int out, int in, String legend) throws ModelLoadException {
        return linearRows(name, out, in, range(0, out), legend);
    }

    /** Rows from … from+count of a fused nn.Linear weight (totalOut, in), as the matrix (in, count). */
    public Matrix linearRows(String name, int totalOut, int in, int from, int count, String legend)
            throws ModelLoadException {
        return linearRows(name, totalOut, in, range(from, count), legend);
    }

    /** The given rows of an nn.Linear weight (totalOut, in), in that order, as the matrix (in, rows.length). */
    public Matrix linearRows(String name, int totalOut, int in, int[] rows, String legend) throws ModelLoadException {
        SafetensorsFile.TensorInfo t = checked(name, legend, totalOut, in);
        SafetensorsFile f = ckpt.file(name);
        DType dtype = f.dtype(t);
        int K = in, N = rows.length;
        Matrix m;
        try {
            if (dtype == DType.F32) {
                m = kernels.packTransposed((n0, count, dst) -> { // rows n0 … n0+count-1 of the chosen ones
                    for (int n = n0; n < n0 + count; ) {
                        int run = run(rows, n, n0 + count - n);
                        f.readFloats(t, (long) rows[n] * K, dst, (n - n0) * K, run * K);
                        n += run;
                    }
                }, K, N);
            } else {
                m = kernels.packTransposed((n0, count, dst) -> {
                    for (int n = n0; n < n0 + count; ) {
                        int run = run(rows, n, n0 + count - n);
                        f.readHalves(t, (long) rows[n] * K, dst, (n - n0) * K, run * K);
                        n += run;
                    }
                }, K, N, dtype);
            }
        } catch (RowReadException e) {
            if (e.getCause() instanceof ModelLoadException l) throw l;
            throw e;
        }
        done(t);
        return m;
    }

    /** How many of rows[n …] are consecutive source rows, at most max. */
    private static int run(int[] rows, int n, int max) {
        int r = 1;
        while (n + r < rows.length && r < max && rows[n + r] == rows[n] + r) r++;
        return r;
    }

    /** Columns from … from+count of a Conv1D weight (in, totalOut), already (in, out): the matrix (in, count). */
    public Matrix conv1dColumns(String name, int in, int totalOut, int from, int count, String legend)
            throws ModelLoadException {
        SafetensorsFile.TensorInfo t = checked(name, legend, in, totalOut);
        SafetensorsFile f = ckpt.file(name);
        DType dtype = f.dtype(t);
        int K = in, N = count;
        Matrix m;
        if (dtype == DType.F32) {
            float[] dst = new float[Math.multiplyExact(K, N)]; // (K, N)
            for (int k = 0; k < K; k++) f.readFloats(t, (long) k * totalOut + from, dst, k * N, N);
            m = kernels.pack(dst, K, N);
        } else {
            short[] dst = new short[Math.multiplyExact(K, N)]; // (K, N)
            for (int k = 0; k < K; k++) f.readHalves(t, (long) k * totalOut + from, dst, k * N, N);
            m = kernels.pack(dst, K, N, dtype);
        }
        done(t);
        return m;
    }

    /** The header entry after checking the shape; names the tensor and both shapes otherwise. */
    private SafetensorsFile.TensorInfo checked(String name, String legend, long... shape) throws ModelLoadException {
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("loading cancelled");
        SafetensorsFile.TensorInfo t = ckpt.info(name);
        if (!Arrays.equals(t.shape(), shape))
            throw new ModelLoadException(name + " has shape " + t.shapeString() + ", expected " + Arrays.toString(shape)
                    + " " + legend + " from config.json: the weights do not belong to this config.");
        return t;
    }

    private void done(SafetensorsFile.TensorInfo t) {
        doneBytes += t.end() - t.begin();
        progress.report(Math.min(1, (double) doneBytes / totalBytes), "Loading " + t.name());
    }

    private static int[] range(int from, int count) {
        int[] r = new int[count];
        for (int i = 0; i < count; i++) r[i] = from + i;
        return r;
    }
}
