package org.attentionlens.io;

import com.google.gson.Gson;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes float32 tensors as a .safetensors file: an 8-byte little-endian header length, a JSON header
 * {name: {dtype, shape, data_offsets}} padded with spaces to 8 bytes, then the raw little-endian data.
 * Used by the trainer's checkpoints and by tests that build checkpoints in real layouts.
 */
public final class SafetensorsWriter {
    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private record Entry(String dtype, long[] shape, byte[] data) {
    }

    /** Adds a float32 tensor; values.length must equal the product of shape. */
    public SafetensorsWriter add(String name, float[] values, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n != values.length) throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + List.of(shape));
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        tensors.put(name, new Entry("F32", shape, b.array()));
        return this;
    }

    /** Adds a tensor already encoded in dtype ("F16", "BF16", "F32", or any other for error tests). */
    public SafetensorsWriter addRaw(String name, String dtype, byte[] data, long... shape) {
        tensors.put(name, new Entry(dtype, shape, data));
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public void write(Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put("__metadata__", metadata);
        long offset = 0;
        for (var e : tensors.entrySet()) {
            Entry t = e.getValue();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("dtype", t.dtype());
            h.put("shape", t.shape());
            h.put("data_offsets", new long[]{offset, offset + t.data().length});
            header.put(e.getKey(), h);
            offset += t.data().length;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = new byte[padded];
        java.util.Arrays.fill(head, (byte) ' ');
        System.arraycopy(json, 0, head, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(head);
            for (Entry t : tensors.values()) out.write(t.data());
        }
    }
}
