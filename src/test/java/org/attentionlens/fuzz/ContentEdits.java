package org.attentionlens.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Edits of one file's bytes, chosen by its name: JSON edits on .json files and on a safetensors header (rewritten
 * with its new length), header lengths on .safetensors, line edits on text, byte flips and cuts on anything. An
 * edit that does not apply to a file (a header length on merges.txt) flips bytes instead.
 */
final class ContentEdits {
    /** Lines an attacker or a bad merge tool leaves in a text file. */
    private static final String[] LINES = {"a b c", "\u0000\u0000", "#version: 0.2", "x".repeat(10_000), "\u0120 \u0120",
            "", " ", "\uD800 \uDC00", "zz qq", "[UNK]", "##", "\u202e \u0301"};

    private ContentEdits() {
    }

    static byte[] apply(byte[] content, String name, Edit.Kind kind, Random rnd) {
        boolean json = name.endsWith(".json"), safetensors = name.endsWith(".safetensors");
        boolean text = json || name.endsWith(".txt");
        return switch (kind) {
            case TRUNCATE -> Arrays.copyOf(content, content.length == 0 ? 0 : rnd.nextInt(content.length));
            case TYPE_SWAP, HUGE_NUMBER, DROP_KEY, DUPLICATE -> {
                if (safetensors) yield header(content, kind, rnd);
                if (!json) yield text ? lines(content, rnd) : flip(content, rnd, content.length);
                String edited = JsonEdits.apply(new String(content, StandardCharsets.UTF_8), kind, rnd);
                yield edited == null ? flip(content, rnd, content.length) : edited.getBytes(StandardCharsets.UTF_8);
            }
            case HEADER_LENGTH -> safetensors ? headerLength(content, rnd) : flip(content, rnd, content.length);
            case LINE_EDIT -> text ? lines(content, rnd) : flip(content, rnd, content.length);
            default -> flip(content, rnd, safetensors && rnd.nextInt(5) > 0 ? headerEnd(content) : content.length);
        };
    }

    /** 1 to 8 random bytes set at random positions below end. */
    static byte[] flip(byte[] content, Random rnd, int end) {
        byte[] out = content.clone();
        if (out.length == 0) return new byte[]{(byte) rnd.nextInt(256)};
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) out[rnd.nextInt(Math.max(1, Math.min(end, out.length)))] = (byte) rnd.nextInt(256);
        return out;
    }

    /** Where a safetensors header ends (8 + its length), or the file's length if the length is not plausible. */
    private static int headerEnd(byte[] content) {
        if (content.length < 8) return content.length;
        long n = ByteBuffer.wrap(content, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n > 0 && n <= content.length - 8 ? (int) (8 + n) : content.length;
    }

    /** The header's JSON edited, the data kept, the length field rewritten to the new header's length. */
    private static byte[] header(byte[] content, Edit.Kind kind, Random rnd) {
        int end = headerEnd(content);
        String edited = end <= 8 ? null
                : JsonEdits.apply(new String(content, 8, end - 8, StandardCharsets.UTF_8), kind, rnd);
        if (edited == null) return flip(content, rnd, content.length);
        byte[] h = edited.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + content.length - end).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(content, end, content.length - end).array();
    }

    private static byte[] headerLength(byte[] content, Random rnd) {
        if (content.length < 8) return flip(content, rnd, content.length);
        long n = ByteBuffer.wrap(content, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(), size = content.length;
        long[] choices = {0, 1, -1, n - 1, n + 1, n + 8, size - 8, size, size + 1, 1L << 31, 1L << 62, Long.MIN_VALUE,
                rnd.nextLong()};
        byte[] out = content.clone();
        ByteBuffer.wrap(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(choices[rnd.nextInt(choices.length)]);
        return out;
    }

    /** A line deleted, repeated, swapped with another or replaced; or every line dropped. */
    private static byte[] lines(byte[] content, Random rnd) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\n", -1)));
        int i = rnd.nextInt(lines.size()), j = rnd.nextInt(lines.size());
        switch (rnd.nextInt(6)) {
            case 0 -> lines.remove(i);
            case 1 -> lines.add(i, lines.get(j));
            case 2 -> {
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
            }
            case 3 -> lines.set(i, LINES[rnd.nextInt(LINES.length)]);
            case 4 -> lines.add(i, LINES[rnd.nextInt(LINES.length)]);
            default -> lines.clear();
        }
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }
}
