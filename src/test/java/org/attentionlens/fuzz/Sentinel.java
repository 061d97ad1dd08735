package org.attentionlens.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;

/**
 * Files beside the fuzzed folders that no input may make the app read, however its index, links or names point at
 * them. A read is seen two ways: the file's access time (set far in the past, so the file system's relatime rule
 * updates it on the next read) and its content, which no message may show: its first 8 bytes as a safetensors
 * header length, its size, its marker text.
 */
final class Sentinel {
    /** The first 8 bytes, little-endian, as a safetensors reader would print them. */
    static final long HEADER_LENGTH = 0x0123_4567_89AB_CDEFL;
    static final int SIZE = 7331;
    static final String MARK = "sentinel-b7c1";
    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    final Path safetensors, json;
    /** Whether this file system records reads in the access time (relatime or strictatime; not noatime). */
    final boolean readsAreSeen;

    Sentinel(Path dir) throws IOException {
        safetensors = dir.resolve("sentinel.safetensors");
        json = dir.resolve("sentinel.json");
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(HEADER_LENGTH);
        byte[] text = ("{\"" + MARK + "\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}")
                .getBytes(StandardCharsets.UTF_8);
        b.put(text);
        while (b.hasRemaining()) b.put((byte) ' ');
        Files.write(safetensors, b.array());
        Files.writeString(json, "{\"model_type\": \"" + MARK + "\", \"" + MARK + "\": " + SIZE + "}");
        age(safetensors);
        age(json);
        Path probe = dir.resolve("atime-probe");
        Files.writeString(probe, "probe");
        age(probe);
        Files.readAllBytes(probe);
        readsAreSeen = !accessed(probe).equals(LONG_AGO);
        Files.delete(probe);
    }

    /** What gives away a read of a sentinel, or null: its access time moved, or the message shows its content. */
    String leak(String message) throws IOException {
        if (readsAreSeen && (!accessed(safetensors).equals(LONG_AGO) || !accessed(json).equals(LONG_AGO)))
            return "a file outside the model folder was read (its access time changed)";
        if (message != null && (message.contains(MARK) || message.contains(Long.toString(HEADER_LENGTH))
                || message.contains(SIZE + " bytes")))
            return "the message shows the content of a file outside the model folder";
        return null;
    }

    private static void age(Path p) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(null, LONG_AGO, null);
    }

    private static FileTime accessed(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime();
    }
}
