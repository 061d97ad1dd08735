package org.attentionlens.fuzz;

import java.util.Random;

/**
 * Random text as users and attackers paste it: ASCII words mixed with emoji and other supplementary-plane
 * characters, combining marks, right-to-left scripts and overrides, NUL and other controls, unpaired surrogates,
 * odd whitespace; or any chars at all, now and then a few thousand of them.
 */
final class TextMaker {
    private TextMaker() {
    }

    static String text(Random rnd) {
        int kind = rnd.nextInt(17);
        if (kind < 12) return mixed(rnd);
        return anyChars(rnd, kind < 16 ? rnd.nextInt(300) : 1000 + rnd.nextInt(2000));
    }

    private static String mixed(Random rnd) {
        StringBuilder b = new StringBuilder();
        for (int n = rnd.nextInt(41); n > 0; n--) {
            switch (rnd.nextInt(10)) {
                case 0 -> chars(b, rnd, 1 + rnd.nextInt(12), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,'-");
                case 1 -> b.appendCodePoint(between(rnd, 0x1F300, 0x1FAFF));                       // emoji
                case 2 -> b.appendCodePoint(between(rnd, 0x20000, 0x2A6DF));                       // CJK extension B
                case 3 -> b.appendCodePoint(between(rnd, 0x1D400, 0x1D7FF));                       // mathematical letters
                case 4 -> range(b, rnd, 1 + rnd.nextInt(5), 0x0300, 0x036F);                       // combining marks
                case 5 -> {                                                                     // right-to-left
                    range(b, rnd, 1 + rnd.nextInt(8), rnd.nextBoolean() ? 0x05D0 : 0x0627, rnd.nextBoolean() ? 0x05EA : 0x064A);
                    chars(b, rnd, 1, "\u202E\u202B\u200F\u200E");
                }
                case 6 -> chars(b, rnd, 1 + rnd.nextInt(3), "\u0000\u0001\u0007\u001B\u001F\u007F\u0085\u2028\r"); // controls
                case 7 -> range(b, rnd, 1 + rnd.nextInt(2), 0xD800, 0xDFFF);                       // unpaired surrogates
                case 8 -> chars(b, rnd, 1 + rnd.nextInt(6), " \t\n\u3000\u00A0\u200D");           // whitespace, joiners
                default -> range(b, rnd, 1 + rnd.nextInt(6), rnd.nextBoolean() ? 0x4E00 : 0x00C0, rnd.nextBoolean() ? 0x9FFF : 0x024F);
            }
        }
        return b.toString();
    }

    private static String anyChars(Random rnd, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) c[i] = (char) rnd.nextInt(0x10000);
        return new String(c);
    }

    private static int between(Random rnd, int from, int to) {
        return from + rnd.nextInt(to - from + 1);
    }

    private static void range(StringBuilder b, Random rnd, int n, int from, int to) {
        for (int i = 0; i < n; i++) b.append((char) between(rnd, Math.min(from, to), Math.max(from, to)));
    }

    private static void chars(StringBuilder b, Random rnd, int n, String from) {
        for (int i = 0; i < n; i++) b.append(from.charAt(rnd.nextInt(from.length())));
    }
}
