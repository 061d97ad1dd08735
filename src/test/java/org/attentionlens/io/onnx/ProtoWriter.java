package org.attentionlens.io.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format for tests: builds small ONNX models field by field, independently of the reader. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, 0);
        rawVarint(value);
        return this;
    }

    ProtoWriter fixed32(int field, int value) {
        tag(field, 5);
        for (int i = 0; i < 4; i++) out.write(value >>> (8 * i));
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, 2);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter value) {
        return bytes(field, value.toBytes());
    }

    /** A packed repeated varint field, e.g. TensorProto.dims. */
    ProtoWriter packedVarints(int field, long... values) {
        ProtoWriter p = new ProtoWriter();
        for (long v : values) p.rawVarint(v);
        return bytes(field, p.toBytes());
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    static byte[] littleEndian(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private void tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
