package org.attentionlens.io.onnx;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol buffers wire format from a byte array, without a protobuf library: a message is a run of
 * fields, each a tag (field number · 8 + wire type) followed by a varint, a fixed 32/64-bit value or a
 * length-delimited block (strings, bytes, nested messages, packed repeated numbers).
 * A reader covers the window [pos, limit) of a shared array; nested messages get a new window, never a copy.
 */
final class ProtoReader {
    static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;

    ProtoReader(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.limit = to;
    }

    boolean hasMore() {
        return pos < limit;
    }

    /** Offset of the next byte in the shared array (for error messages). */
    int position() {
        return pos;
    }

    /** The next field's tag; use {@link #fieldNumber} and {@link #wireType} on it. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0)
            throw new ProtoFormatException("invalid field tag " + tag, pos);
        return (int) tag;
    }

    static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    /** A base-128 varint: 7 bits per byte, least significant group first, high bit set on all but the last. */
    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw new ProtoFormatException("data ends inside a number", pos);
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) return value;
        }
        throw new ProtoFormatException("number longer than 10 bytes", pos);
    }

    int readFixed32() {
        require(4);
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    /** A length-delimited field's payload as a reader over its window (nested message, bytes, packed run). */
    ProtoReader readBlock() {
        long n = readVarint();
        if (n < 0 || n > limit - pos)
            throw new ProtoFormatException("a block of " + n + " bytes runs past the end of its message ("
                    + (limit - pos) + " bytes left)", pos);
        ProtoReader block = new ProtoReader(buf, pos, pos + (int) n);
        pos += (int) n;
        return block;
    }

    String readString() {
        ProtoReader b = readBlock();
        return new String(buf, b.pos, b.limit - b.pos, StandardCharsets.UTF_8);
    }

    /** Start offset of this window in the shared array. */
    int from() {
        return pos;
    }

    /** Bytes left in this window. */
    int remaining() {
        return limit - pos;
    }

    byte[] array() {
        return buf;
    }

    /** Skips one field's value of the given wire type. */
    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8);
                pos += 8;
            }
            case LENGTH_DELIMITED -> readBlock();
            case FIXED32 -> {
                require(4);
                pos += 4;
            }
            default -> throw new ProtoFormatException("unsupported wire type " + wireType, pos);
        }
    }

    /** Fails unless the field has the wire type its schema says. */
    static void expect(int tag, int wireType, int at) {
        if (wireType(tag) != wireType)
            throw new ProtoFormatException("field " + fieldNumber(tag) + " has wire type " + wireType(tag)
                    + ", expected " + wireType, at);
    }

    private void require(int n) {
        if (limit - pos < n) throw new ProtoFormatException("data ends inside a " + n + "-byte value", pos);
    }
}
