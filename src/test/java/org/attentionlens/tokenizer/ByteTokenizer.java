package org.attentionlens.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A real, trivial tokenizer for tests: one token per UTF-8 byte (ids 0…255), and optionally id 256 as the
 * end-of-text token. Lets tests run the engines on small models built in the test.
 */
public class ByteTokenizer implements Tokenizer {
    public static final int END_OF_TEXT = 256;
    private final boolean withEndOfText;

    public ByteTokenizer(boolean withEndOfText) {
        this.withEndOfText = withEndOfText;
    }

    @Override
    public Tokens encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int T = bytes.length;
        int[] ids = new int[T], start = new int[T], end = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) {
            ids[t] = bytes[t] & 0xff;
            start[t] = t; // byte offsets equal char offsets for ASCII, all tests use
            end[t] = t + 1;
            display[t] = displayToken(ids[t]);
        }
        return new Tokens(ids, start, end, display);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        byte[] run = new byte[ids.length];
        int n = 0;
        for (int id : ids) {
            if (id < 256) {
                run[n++] = (byte) id;
            } else {
                text.append(new String(run, 0, n, StandardCharsets.UTF_8)).append("<|endoftext|>");
                n = 0;
            }
        }
        return text.append(new String(run, 0, n, StandardCharsets.UTF_8)).toString();
    }

    @Override
    public String rawToken(int id) {
        return id == END_OF_TEXT ? "<|endoftext|>" : String.valueOf((char) id);
    }

    @Override
    public String displayToken(int id) {
        return id == ' ' ? "␣" : rawToken(id);
    }

    @Override
    public int vocabSize() {
        return withEndOfText ? 257 : 256;
    }

    @Override
    public OptionalInt endOfText() {
        return withEndOfText ? OptionalInt.of(END_OF_TEXT) : OptionalInt.empty();
    }
}
