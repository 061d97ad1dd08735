package org.attentionlens.io.onnx;

import org.attentionlens.io.ModelLoadException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One initializer of an ONNX graph: a named constant tensor. Its little-endian payload stays a window of the
 * file's bytes until {@link #floats()} decodes it, so reading the graph copies no weights.
 *
 * @param dims     the shape, outermost first
 * @param dataType ONNX TensorProto.DataType (1 = FLOAT)
 * @param data     little-endian element bytes (raw_data, or packed float_data), or null if stored elsewhere
 */
public record OnnxTensor(String name, long[] dims, int dataType, ByteBuffer data) {
    static final int FLOAT = 1;

    private static final String[] TYPE_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
            "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128", "BFLOAT16"};

    public long elementCount() {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }

    public String shape() {
        return Arrays.toString(dims);
    }

    public String typeName() {
        return dataType >= 0 && dataType < TYPE_NAMES.length ? TYPE_NAMES[dataType] : "type " + dataType;
    }

    /** The values as float32, row-major over dims; only FLOAT tensors with their data inside the file. */
    public float[] floats() throws ModelLoadException {
        if (dataType != FLOAT)
            throw new ModelLoadException("ONNX tensor \"" + name + "\" " + shape() + " is " + typeName()
                    + "; only FLOAT (float32) weights can be loaded. Export the model in float32.");
        if (data == null)
            throw new ModelLoadException("ONNX tensor \"" + name + "\" keeps its data outside the .onnx file "
                    + "(external data), which is not supported. Export the model as a single file.");
        long n = elementCount();
        if (Arrays.stream(dims).anyMatch(d -> d < 0) || n > Integer.MAX_VALUE / 4)
            throw new ModelLoadException("ONNX tensor \"" + name + "\" has an invalid shape " + shape()
                    + ": the file is corrupt.");
        if (n * 4 != data.remaining())
            throw new ModelLoadException("ONNX tensor \"" + name + "\" " + shape() + " needs " + n * 4
                    + " bytes of float32 data but holds " + data.remaining() + ": the file is corrupt.");
        float[] out = new float[(int) n];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
