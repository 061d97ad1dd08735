package org.attentionlens.tokenizer;

/**
 * GPT-2's byte-to-unicode alphabet: every byte gets a printable character so vocabulary files are plain
 * text. Bytes that are already printable Latin-1 ('!'…'~', '¡'…'¬', '®'…'ÿ') stand for themselves; the other
 * 68 take U+0100 onwards in byte order, so a space (0x20) is "Ġ" (U+0120) and a newline "Ċ".
 */
public final class ByteUnicode {
    private static final char[] TO_CHAR = new char[256]; // (256) byte -> char
    private static final int[] TO_BYTE = new int[512];   // char -> byte, -1 if the char is not in the alphabet

    static {
        java.util.Arrays.fill(TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            TO_CHAR[b] = c;
            TO_BYTE[c] = b;
        }
    }

    private ByteUnicode() {
    }

    /** The one-char string that spells byte b (0…255). */
    public static String toUnicode(int b) {
        return String.valueOf(TO_CHAR[b]);
    }

    /** A vocabulary entry spelled with bytes (e.g. "ĠÃ©"), converted byte by byte. */
    public static String toUnicode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }

    /** The bytes an entry spells, or null if a char is outside the alphabet. */
    public static byte[] toBytes(String entry) {
        byte[] out = new byte[entry.length()];
        for (int i = 0; i < out.length; i++) {
            char c = entry.charAt(i);
            int b = c < TO_BYTE.length ? TO_BYTE[c] : -1;
            if (b < 0) return null;
            out[i] = (byte) b;
        }
        return out;
    }
}
