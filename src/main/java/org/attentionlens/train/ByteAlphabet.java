package org.attentionlens.train;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's reversible map from the 256 byte values to printable characters, so byte-level BPE tokens can be
 * written as strings in vocab.json: printable Latin-1 bytes stand for themselves, the rest are shifted to 256 + n.
 */
final class ByteAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];
    /** The bytes in GPT-2's id order: the printable ones first, then the shifted ones. */
    static final int[] ORDER = new int[256];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int i = 0;
        for (int b = 0; b < 256; b++)
            if (printable(b)) {
                BYTE_TO_CHAR[b] = (char) b;
                ORDER[i++] = b;
            }
        int shifted = 0;
        for (int b = 0; b < 256; b++)
            if (!printable(b)) {
                BYTE_TO_CHAR[b] = (char) (256 + shifted++);
                ORDER[i++] = b;
            }
        for (int b = 0; b < 256; b++) CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
    }

    private ByteAlphabet() {
    }

    private static boolean printable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The UTF-8 bytes of text, each written as its alphabet character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) sb.append(charOf(b));
        return sb.toString();
    }

    /** Back from alphabet characters to text; characters outside the alphabet are dropped. */
    static String decode(String symbols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            char ch = symbols.charAt(i);
            if (ch < CHAR_TO_BYTE.length && CHAR_TO_BYTE[ch] >= 0) out.write(CHAR_TO_BYTE[ch]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
