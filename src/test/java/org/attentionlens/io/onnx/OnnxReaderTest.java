package org.attentionlens.io.onnx;

import org.attentionlens.io.ModelLoadException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ONNX reader on small models written field by field with onnx.proto's field numbers. */
class OnnxReaderTest {

    /** TensorProto with dims packed or one tag per dim, data type and name. */
    private static ProtoWriter tensor(String name, int dataType, boolean packedDims, long... dims) {
        ProtoWriter t = new ProtoWriter();
        if (packedDims) t.packedVarints(1, dims);
        else for (long d : dims) t.varint(1, d);
        return t.varint(2, dataType).string(8, name);
    }

    private static ProtoWriter valueInfo(String name) {
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().varint(1, 1)); // name, some type
    }

    /** A model: ir_version, producer, opset, a graph with one MatMul, four initializers, inputs and outputs. */
    private static byte[] smallModel() {
        ProtoWriter node = new ProtoWriter().string(1, "x").string(1, "onnx::MatMul_7").string(2, "y")
                .string(3, "/encoder/layer.0/attention/self/query/MatMul").string(4, "MatMul")
                .message(5, new ProtoWriter().string(1, "alpha").varint(20, 1)); // an attribute, skipped
        ProtoWriter raw = tensor("onnx::MatMul_7", 1, true, 2, 3)
                .bytes(9, ProtoWriter.littleEndian(1, 2, 3, 4, 5, 6));
        ProtoWriter packedFloats = tensor("bias", 1, false, 3).bytes(4, ProtoWriter.littleEndian(0.5f, -1, 1e-7f));
        ProtoWriter looseFloats = tensor("gamma", 1, true, 2)
                .fixed32(4, Float.floatToIntBits(7)).fixed32(4, Float.floatToIntBits(-8));
        ProtoWriter ints = tensor("position_ids", 7, true, 1, 4).packedVarints(7, 0, 1, 2, 3);
        ProtoWriter graph = new ProtoWriter().message(1, node).string(2, "main_graph")
                .message(5, raw).message(5, packedFloats).message(5, looseFloats).message(5, ints)
                .message(11, valueInfo("x")).message(11, valueInfo("bias")).message(12, valueInfo("y"));
        return new ProtoWriter().varint(1, 8).string(2, "pytorch").message(8, new ProtoWriter().varint(2, 14))
                .message(7, graph).toBytes();
    }

    @Test
    void readsNodesInitializersInputsAndOutputs() throws ModelLoadException {
        OnnxGraph g = OnnxReader.read(smallModel(), "small.onnx");
        assertEquals(List.of("onnx::MatMul_7", "bias", "gamma", "position_ids"), List.copyOf(g.initializers().keySet()));
        assertEquals(List.of("x"), g.inputs(), "initializers listed as inputs are not inputs");
        assertEquals(List.of("y"), g.outputs());
        OnnxNode node = g.nodes().get(0);
        assertEquals("MatMul", node.opType());
        assertEquals("/encoder/layer.0/attention/self/query/MatMul", node.name());
        assertEquals(List.of("x", "onnx::MatMul_7"), node.inputs());
        assertEquals(List.of("y"), node.outputs());

        OnnxTensor w = g.initializers().get("onnx::MatMul_7");
        assertArrayEquals(new long[]{2, 3}, w.dims());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, w.floats());
        assertArrayEquals(new long[]{3}, g.initializers().get("bias").dims());
        assertArrayEquals(new float[]{0.5f, -1, 1e-7f}, g.initializers().get("bias").floats());
        assertArrayEquals(new float[]{7, -8}, g.initializers().get("gamma").floats());
    }

    @Test
    void nonFloatTensorSaysItsType() throws ModelLoadException {
        OnnxTensor ids = OnnxReader.read(smallModel(), "small.onnx").initializers().get("position_ids");
        assertArrayEquals(new long[]{1, 4}, ids.dims());
        ModelLoadException e = assertThrows(ModelLoadException.class, ids::floats);
        assertTrue(e.getMessage().contains("\"position_ids\" [1, 4] is INT64; only FLOAT (float32)"), e.getMessage());
    }

    @Test
    void wrongDataLengthAndExternalDataAreClearErrors() throws ModelLoadException {
        ProtoWriter shortData = tensor("w", 1, true, 2, 2).bytes(9, ProtoWriter.littleEndian(1, 2, 3));
        ProtoWriter external = tensor("e", 1, true, 2).varint(14, 1);
        byte[] model = new ProtoWriter().message(7, new ProtoWriter().message(5, shortData).message(5, external)).toBytes();
        OnnxGraph g = OnnxReader.read(model, "m.onnx");
        String shortMessage = assertThrows(ModelLoadException.class, () -> g.initializers().get("w").floats()).getMessage();
        assertTrue(shortMessage.contains("needs 16 bytes of float32 data but holds 12"), shortMessage);
        String externalMessage = assertThrows(ModelLoadException.class, () -> g.initializers().get("e").floats()).getMessage();
        assertTrue(externalMessage.contains("external data"), externalMessage);
    }

    @Test
    void everyTruncationIsALoadErrorOrAShorterModel() {
        byte[] model = smallModel();
        for (int n = 0; n < model.length; n++) {
            byte[] cut = Arrays.copyOf(model, n);
            try {
                OnnxReader.read(cut, "cut.onnx"); // a cut between top-level fields leaves a valid, smaller model
            } catch (ModelLoadException e) {
                assertTrue(e.getMessage().startsWith("cut.onnx "), e.getMessage());
            }
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> OnnxReader.read(Arrays.copyOf(model, model.length - 3), "cut.onnx"));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void corruptBytesNeverEscapeAsAnotherException() {
        byte[] model = smallModel();
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bad = model.clone();
            for (int k = 0; k < 3; k++) bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
            try {
                OnnxGraph g = OnnxReader.read(bad, "bad.onnx");
                for (OnnxTensor t : g.initializers().values()) t.floats();
            } catch (ModelLoadException expected) {
                assertTrue(expected.getMessage().contains("bad.onnx") || expected.getMessage().contains("ONNX tensor"));
            }
        }
    }

    @Test
    void garbageIsNotAModel() {
        byte[] noise = new byte[4096];
        new SplittableRandom(1).nextBytes(noise);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxReader.read(noise, "noise.onnx"));
        assertTrue(e.getMessage().startsWith("noise.onnx "), e.getMessage());
        assertThrows(ModelLoadException.class, () -> OnnxReader.read(new byte[0], "empty.onnx"),
                "an empty file has no graph");
        byte[] longVarint = {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        String msg = assertThrows(ModelLoadException.class, () -> OnnxReader.read(longVarint, "v.onnx")).getMessage();
        assertTrue(msg.contains("number longer than 10 bytes"), msg);
    }
}
