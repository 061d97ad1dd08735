package org.attentionlens.io.onnx;

import org.attentionlens.io.ModelLoadException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model (onnx.proto's ModelProto) far enough to load weights: ModelProto.graph (7) →
 * GraphProto.node (1), initializer (5), input (11), output (12). Everything else is skipped.
 * Field numbers are those of onnx/onnx.proto, which keeps them stable across versions.
 */
public final class OnnxReader {
    // ModelProto
    private static final int MODEL_GRAPH = 7;
    // GraphProto
    private static final int GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12;
    // NodeProto
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP_TYPE = 4;
    // TensorProto
    private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_FLOAT_DATA = 4, TENSOR_NAME = 8,
            TENSOR_RAW_DATA = 9, TENSOR_DATA_LOCATION = 14;
    // ValueInfoProto
    private static final int VALUE_INFO_NAME = 1;

    private OnnxReader() {
    }

    /**
     * Parses a whole .onnx file held in memory. Tensor data stays in {@code bytes} (no copy), so keep the array
     * until the weights are decoded.
     *
     * @param source the file's name for messages
     */
    public static OnnxGraph read(byte[] bytes, String source) throws ModelLoadException {
        try {
            ProtoReader model = new ProtoReader(bytes, 0, bytes.length);
            OnnxGraph graph = null;
            while (model.hasMore()) {
                int at = model.position();
                int tag = model.readTag();
                if (ProtoReader.fieldNumber(tag) == MODEL_GRAPH) {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    graph = readGraph(model.readBlock());
                } else {
                    model.skip(ProtoReader.wireType(tag));
                }
            }
            if (graph == null)
                throw new ModelLoadException(source + " holds no graph: it is not an ONNX model.");
            return graph;
        } catch (ProtoFormatException e) {
            throw new ModelLoadException(source + " is not a readable ONNX model (" + e.getMessage()
                    + " of " + bytes.length + "): the file is truncated or corrupt. Replace it with a fresh copy.", e);
        }
    }

    private static OnnxGraph readGraph(ProtoReader g) {
        Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
        List<OnnxNode> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (g.hasMore()) {
            int at = g.position();
            int tag = g.readTag();
            switch (ProtoReader.fieldNumber(tag)) {
                case GRAPH_NODE -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    nodes.add(readNode(g.readBlock()));
                }
                case GRAPH_INITIALIZER -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    OnnxTensor t = readTensor(g.readBlock());
                    initializers.put(t.name(), t);
                }
                case GRAPH_INPUT, GRAPH_OUTPUT -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    String name = readValueInfoName(g.readBlock());
                    (ProtoReader.fieldNumber(tag) == GRAPH_INPUT ? inputs : outputs).add(name);
                }
                default -> g.skip(ProtoReader.wireType(tag));
            }
        }
        // Older exporters also list initializers among the graph inputs; those are not real inputs.
        inputs.removeIf(initializers::containsKey);
        return new OnnxGraph(initializers, nodes, inputs, outputs);
    }

    private static OnnxNode readNode(ProtoReader n) {
        String name = "", opType = "";
        List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
        while (n.hasMore()) {
            int at = n.position();
            int tag = n.readTag();
            int field = ProtoReader.fieldNumber(tag);
            if (field == NODE_INPUT || field == NODE_OUTPUT || field == NODE_NAME || field == NODE_OP_TYPE) {
                ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                String s = n.readString();
                switch (field) {
                    case NODE_INPUT -> inputs.add(s);
                    case NODE_OUTPUT -> outputs.add(s);
                    case NODE_NAME -> name = s;
                    default -> opType = s;
                }
            } else {
                n.skip(ProtoReader.wireType(tag));
            }
        }
        return new OnnxNode(name, opType, inputs, outputs);
    }

    private static OnnxTensor readTensor(ProtoReader t) {
        String name = "";
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        ByteBuffer data = null;
        List<Float> looseFloats = new ArrayList<>(); // float_data written one tag per value (unpacked)
        boolean external = false;
        while (t.hasMore()) {
            int at = t.position();
            int tag = t.readTag();
            int wire = ProtoReader.wireType(tag);
            switch (ProtoReader.fieldNumber(tag)) {
                case TENSOR_DIMS -> {
                    if (wire == ProtoReader.LENGTH_DELIMITED) {
                        ProtoReader packed = t.readBlock();
                        while (packed.hasMore()) dims.add(packed.readVarint());
                    } else {
                        ProtoReader.expect(tag, ProtoReader.VARINT, at);
                        dims.add(t.readVarint());
                    }
                }
                case TENSOR_DATA_TYPE -> {
                    ProtoReader.expect(tag, ProtoReader.VARINT, at);
                    dataType = (int) t.readVarint();
                }
                case TENSOR_NAME -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    name = t.readString();
                }
                case TENSOR_RAW_DATA -> {
                    ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                    data = window(t.readBlock());
                }
                case TENSOR_FLOAT_DATA -> {
                    if (wire == ProtoReader.LENGTH_DELIMITED) { // packed: the same little-endian bytes as raw_data
                        data = window(t.readBlock());
                    } else {
                        ProtoReader.expect(tag, ProtoReader.FIXED32, at);
                        looseFloats.add(Float.intBitsToFloat(t.readFixed32()));
                    }
                }
                case TENSOR_DATA_LOCATION -> external = t.readVarint() == 1;
                default -> t.skip(wire);
            }
        }
        if (!looseFloats.isEmpty()) {
            ByteBuffer b = ByteBuffer.allocate(looseFloats.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : looseFloats) b.putFloat(f);
            data = b.flip();
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new OnnxTensor(name, shape, dataType, external ? null : data);
    }

    private static ByteBuffer window(ProtoReader block) {
        return ByteBuffer.wrap(block.array(), block.from(), block.remaining()).slice();
    }

    private static String readValueInfoName(ProtoReader v) {
        String name = "";
        while (v.hasMore()) {
            int at = v.position();
            int tag = v.readTag();
            if (ProtoReader.fieldNumber(tag) == VALUE_INFO_NAME) {
                ProtoReader.expect(tag, ProtoReader.LENGTH_DELIMITED, at);
                name = v.readString();
            } else {
                v.skip(ProtoReader.wireType(tag));
            }
        }
        return name;
    }
}
