package org.attentionlens.io;

import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Streams one NumPy .npy file (format 1.0, little-endian, C order): the header states the full shape,
 * then values are appended in order, so a (L, H, T, T) tensor never has to sit in memory whole. The file appears
 * only when complete ({@link AtomicWrite}): a failed export leaves the previous file as it was.
 */
public final class NpyWriter implements Closeable {
    private final AtomicWrite.Pending file;
    private final DataOutputStream out;
    private final long expected;
    private final String descr;
    private long written;

    private NpyWriter(Path file, String descr, long[] shape) throws IOException {
        this.descr = descr;
        this.file = AtomicWrite.start(file);
        this.out = new DataOutputStream(this.file.stream());
        this.expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        if (shape.length == 1) dims += ",";
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;               // magic(6) version(2) length(2) dict '\n'
        int total = (unpadded + 63) / 64 * 64;                // header padded to a multiple of 64 bytes
        String header = dict + " ".repeat(total - unpadded) + "\n";
        out.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** A float32 tensor of the given shape. */
    public static NpyWriter float32(Path file, long... shape) throws IOException {
        return new NpyWriter(file, "<f4", shape);
    }

    /** An int32 tensor of the given shape. */
    public static NpyWriter int32(Path file, long... shape) throws IOException {
        return new NpyWriter(file, "<i4", shape);
    }

    public void write(float value) throws IOException {
        if (!descr.equals("<f4")) throw new IllegalStateException("not a float32 file");
        out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(value)));
        written++;
    }

    public void write(int value) throws IOException {
        if (!descr.equals("<i4")) throw new IllegalStateException("not an int32 file");
        out.writeInt(Integer.reverseBytes(value));
        written++;
    }

    /** Moves the file into place if every value promised was written; otherwise drops it and says so. */
    @Override
    public void close() throws IOException {
        if (written != expected) {
            file.abandon();
            throw new IOException("wrote " + written + " values, the header promised " + expected);
        }
        out.flush();
        file.commit();
    }
}
