package org.attentionlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.attentionlens.errors.JsonMessages;
import org.attentionlens.errors.UserMessage;
import org.attentionlens.tensor.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a .safetensors file: an 8-byte little-endian header length n, n bytes of JSON
 * {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}, then the data, offsets counted
 * from the end of the header. Every entry is checked when the file is opened; tensors are read on request
 * with positional reads (see {@link #read}). Also reads from a buffer already in memory (classpath resources).
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The dtypes {@link #floats} converts. */
    public static final String SUPPORTED = "F32, F16, BF16";
    /** Bytes read per positional read. */
    private static final int CHUNK = 4 << 20;
    /**
     * Each thread's read buffer, reused: off-heap, so the read goes straight into it (a heap buffer makes the JDK
     * copy through a temporary direct one), and not a new 4 MB array per read, which the garbage collector treats
     * as a "humongous" object: loading a 2.5 GB model that way spent seconds in collection pauses.
     */
    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN));
    private static final long MAX_HEADER = 100L << 20;

    /** One tensor's header entry; begin/end are absolute byte positions in the file or buffer. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }

        public String shapeString() {
            return Arrays.toString(shape);
        }
    }

    private final String fileName;
    private final FileChannel channel;  // null when reading from memory
    private final ByteBuffer memory;    // null when reading from a file
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(String fileName, FileChannel channel, ByteBuffer memory, Map<String, TensorInfo> tensors,
                            Map<String, String> metadata) {
        this.fileName = fileName;
        this.channel = channel;
        this.memory = memory;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and checks a file; the file stays open until {@link #close}. */
    public static SafetensorsFile open(Path file) throws ModelLoadException {
        String name = file.getFileName().toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot open " + file + ": " + UserMessage.reason(e) + ".", e);
        }
        try {
            long size = ch.size();
            if (size < 8) throw truncated(name, size);
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.getLong(0);
            checkHeaderLength(name, n, size);
            ByteBuffer json = ByteBuffer.allocate((int) n);
            readFully(ch, json, 8);
            return parse(name, ch, null, json.array(), 8 + n, size);
        } catch (IOException e) {
            close(ch);
            throw new ModelLoadException("Cannot read " + file + ": " + UserMessage.reason(e) + ".", e);
        } catch (ModelLoadException | RuntimeException e) {
            close(ch);
            throw e;
        }
    }

    /** Reads from bytes already in memory, e.g. a classpath resource; name is used in messages. */
    public static SafetensorsFile of(ByteBuffer bytes, String name) throws ModelLoadException {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long size = b.remaining();
        if (size < 8) throw truncated(name, size);
        long n = b.getLong(b.position());
        checkHeaderLength(name, n, size);
        byte[] json = new byte[(int) n];
        b.get(b.position() + 8, json);
        return parse(name, null, b.slice().order(ByteOrder.LITTLE_ENDIAN), json, 8 + n, size);
    }

    public String fileName() {
        return fileName;
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry, or null. */
    public TensorInfo info(String name) {
        return tensors.get(name);
    }

    /** The optional "__metadata__" strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor converted to float32, row-major as stored. */
    public float[] floats(String name) throws ModelLoadException {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new ModelLoadException("tensor '" + name + "' missing from " + fileName);
        checkDtype(t);
        long n = t.elements();
        if (n > Integer.MAX_VALUE - 8)
            throw new ModelLoadException(name + " in " + fileName + " has " + n + " elements, too many for one array");
        float[] out = new float[(int) n];
        DType dtype = dtype(t);
        if (dtype == DType.F32) {
            readFloats(t, 0, out, 0, out.length);
        } else {
            short[] h = new short[out.length];
            readHalves(t, 0, h, 0, h.length);
            for (int i = 0; i < out.length; i++) out[i] = dtype.widen(h[i]);
        }
        return out;
    }

    /** The tensor's storage type; F32, BF16 or F16, else a message naming the dtype and what is supported. */
    public DType dtype(TensorInfo t) throws ModelLoadException {
        checkDtype(t);
        return DType.valueOf(t.dtype());
    }

    private void checkDtype(TensorInfo t) throws ModelLoadException {
        if (!t.dtype().equals("F32") && !t.dtype().equals("F16") && !t.dtype().equals("BF16"))
            throw new ModelLoadException(t.name() + " in " + fileName + " has dtype " + JsonMessages.excerpt(t.dtype())
                    + ", which is not supported; supported dtypes: " + SUPPORTED
                    + ". Convert the checkpoint to one of them (e.g. save it with torch_dtype=float32 or bfloat16).");
    }

    /** n float32 values of t from element e0 into dst[off …]. */
    public void readFloats(TensorInfo t, long e0, float[] dst, int off, int n) throws ModelLoadException {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(n - done, CHUNK / 4);
            ByteBuffer b = read(t, (e0 + done) * 4, chunk * 4);
            b.asFloatBuffer().get(dst, off + done, chunk);
            done += chunk;
        }
    }

    /** n 16-bit patterns of t (BF16 or F16) from element e0 into dst[off …], as stored. */
    public void readHalves(TensorInfo t, long e0, short[] dst, int off, int n) throws ModelLoadException {
        for (int done = 0; done < n; ) {
            int chunk = Math.min(n - done, CHUNK / 2);
            ByteBuffer b = read(t, (e0 + done) * 2, chunk * 2);
            b.asShortBuffer().get(dst, off + done, chunk);
            done += chunk;
        }
    }

    /**
     * len ≤ CHUNK bytes of t from byte offset from (relative to the tensor), little-endian, valid until this
     * thread's next read. Read with positional reads, never memory-mapped: a long-running app that opens many
     * models must not keep mappings the garbage collector may never release, and tensors of 2 GiB and more read
     * like any other.
     */
    private ByteBuffer read(TensorInfo t, long from, int len) throws ModelLoadException {
        if (from < 0 || t.begin() + from + len > t.end())
            throw new IllegalArgumentException("read past the end of " + t.name());
        if (memory != null) return memory.slice((int) (t.begin() + from), len).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = BUFFER.get().clear().limit(len);
        try {
            readFully(channel, b, t.begin() + from);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + t.name() + " from " + fileName + ": " + UserMessage.reason(e) + ".", e);
        }
        return b.flip();
    }

    @Override
    public void close() {
        if (channel != null) close(channel);
    }

    /** Bytes per element of a safetensors dtype, or -1 if unknown. */
    static int dtypeSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    private static SafetensorsFile parse(String name, FileChannel ch, ByteBuffer memory, byte[] json, long dataStart,
                                         long size) throws ModelLoadException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) throw new JsonParseException("the header is not a JSON object");
            root = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(name + " is not a valid safetensors file: its header is not valid JSON ("
                    + JsonMessages.brief(e) + "). The file may be corrupt or not a safetensors file.", e);
        }
        long dataSize = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var entry : root.entrySet()) {
            String key = entry.getKey();
            if (key.equals("__metadata__")) {
                if (entry.getValue().isJsonObject())
                    for (var m : entry.getValue().getAsJsonObject().entrySet())
                        metadata.put(m.getKey(), m.getValue().isJsonPrimitive() ? m.getValue().getAsString()
                                : m.getValue().toString());
                continue;
            }
            TensorInfo t = entry(name, key, entry.getValue());
            String tensor = "tensor '" + JsonMessages.excerpt(key) + "' in " + name;
            if (t.end() > dataSize)
                throw new ModelLoadException(tensor + " has data offsets [" + t.begin()
                        + ", " + t.end() + "] outside the data, which is " + dataSize
                        + " bytes: the file is truncated or corrupt. Download it again.");
            int es = dtypeSize(t.dtype());
            if (es > 0 && t.elements() * es != t.end() - t.begin()) // entry() checked that the product fits a long
                throw new ModelLoadException(tensor + " has " + (t.end() - t.begin()) + " bytes of data, but shape "
                        + t.shapeString() + " of " + t.dtype() + " needs " + t.elements() * es + ": the file is corrupt.");
            tensors.put(key, new TensorInfo(key, t.dtype(), t.shape(), dataStart + t.begin(), dataStart + t.end()));
        }
        return new SafetensorsFile(name, ch, memory, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    /** One header entry with offsets relative to the data start. */
    private static TensorInfo entry(String file, String key, JsonElement value) throws ModelLoadException {
        String where = "tensor '" + JsonMessages.excerpt(key) + "' in " + file;
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            JsonArray shapeJson = o.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            long bytes = Math.max(1, dtypeSize(dtype)); // bytes of the whole tensor: must fit a long (else malformed)
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0)
                    throw new ModelLoadException(where + " has a negative dimension " + JsonMessages.excerpt(shapeJson.toString()));
                bytes = Math.multiplyExact(bytes, shape[i]);
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            if (off.size() != 2)
                throw new ModelLoadException(where + " needs two data_offsets, has " + JsonMessages.excerpt(off.toString()));
            long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
            if (begin < 0 || end < begin)
                throw new ModelLoadException(where + " has invalid data offsets " + JsonMessages.excerpt(off.toString()));
            return new TensorInfo(key, dtype, shape, begin, end);
        } catch (RuntimeException e) {
            throw new ModelLoadException(where + " has a malformed header entry " + JsonMessages.excerpt(value.toString())
                    + " (expected {\"dtype\", \"shape\", \"data_offsets\"}): the file is corrupt.", e);
        }
    }

    private static void checkHeaderLength(String name, long n, long size) throws ModelLoadException {
        if (n <= 0 || n > size - 8 || n > MAX_HEADER)
            throw new ModelLoadException(name + " is not a valid safetensors file: its header length is " + n
                    + " bytes but the file has " + size + " bytes. The file is truncated or not a safetensors file.");
    }

    private static ModelLoadException truncated(String name, long size) {
        return new ModelLoadException(name + " is truncated: it has " + size
                + " bytes, fewer than the 8-byte header length every safetensors file starts with.");
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) throw new IOException("unexpected end of file");
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a read-only channel loses nothing
        }
    }
}
