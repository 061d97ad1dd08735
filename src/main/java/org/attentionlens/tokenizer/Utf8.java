package org.attentionlens.tokenizer;

/**
 * UTF-8 with the bookkeeping a byte-level tokenizer needs: which char each byte came from, and a readable
 * rendering of byte strings that may end or start in the middle of a char. Legend: P bytes.
 */
final class Utf8 {
    final byte[] bytes;    // (P)
    final int[] charStart; // (P) index in the string of the char (code point) the byte belongs to
    final int[] charCount; // (P) chars in that code point: 1, or 2 for a surrogate pair

    private Utf8(byte[] bytes, int[] charStart, int[] charCount) {
        this.bytes = bytes;
        this.charStart = charStart;
        this.charCount = charCount;
    }

    /** Encodes s; a lone surrogate becomes U+FFFD, as Java's encoder would replace it too. */
    static Utf8 of(String s) {
        int n = s.length();
        byte[] b = new byte[n * 3 + 1];
        int[] start = new int[b.length], count = new int[b.length];
        int p = 0;
        for (int i = 0; i < n; ) {
            int cp = s.codePointAt(i);
            int chars = Character.charCount(cp);
            if (Character.isSurrogate((char) cp)) cp = 0xFFFD;
            int from = p;
            if (cp < 0x80) {
                b[p++] = (byte) cp;
            } else if (cp < 0x800) {
                b[p++] = (byte) (0xC0 | cp >> 6);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                b[p++] = (byte) (0xE0 | cp >> 12);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            }
            for (int q = from; q < p; q++) {
                start[q] = i;
                count[q] = chars;
            }
            i += chars;
        }
        return new Utf8(java.util.Arrays.copyOf(b, p), start, count);
    }

    /**
     * Bytes made readable: valid UTF-8 decoded, a space shown as "␣", newline "↵", tab "⇥", and any other
     * control byte or byte that is not part of a complete char as e.g. "&lt;0xF0&gt;".
     */
    static String display(byte[] b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < b.length; ) {
            int lead = b[i] & 0xFF;
            int len = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                    : lead >= 0xF0 && lead < 0xF5 ? 4 : 0;
            int cp = len == 1 ? lead : len == 2 ? lead & 0x1F : len == 3 ? lead & 0x0F : lead & 0x07;
            boolean ok = len > 0 && i + len <= b.length;
            for (int k = 1; ok && k < len; k++) {
                int c = b[i + k] & 0xFF;
                if ((c & 0xC0) != 0x80) ok = false;
                else cp = cp << 6 | c & 0x3F;
            }
            // Overlong forms, surrogates and values past U+10FFFF are not valid UTF-8.
            if (ok && (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) || len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                ok = false;
            if (!ok) {
                out.append(String.format("<0x%02X>", lead));
                i++;
                continue;
            }
            if (cp == ' ') out.append('␣');
            else if (cp == '\n') out.append('↵');
            else if (cp == '\t') out.append('⇥');
            else if (cp < 0x20 || cp == 0x7F) out.append(String.format("<0x%02X>", cp));
            else out.appendCodePoint(cp);
            i += len;
        }
        return out.toString();
    }
}
