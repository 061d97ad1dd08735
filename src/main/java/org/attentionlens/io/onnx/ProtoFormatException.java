package org.attentionlens.io.onnx;

/** Bytes that are not valid protocol buffers; {@link OnnxReader} turns it into a message for the user. */
final class ProtoFormatException extends RuntimeException {
    final int offset;

    ProtoFormatException(String message, int offset) {
        super(message + " (at byte " + offset + ")");
        this.offset = offset;
    }
}
