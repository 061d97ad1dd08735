package org.attentionlens.tokenizer;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * BERT's normalisation (Hugging Face's BertNormalizer), one code point at a time so that every output code
 * point remembers which chars of the original text it came from:
 * clean text (drop NUL, U+FFFD and control/format/unassigned chars; every whitespace becomes a space),
 * put spaces around CJK ideographs, strip accents (NFD, then drop non-spacing marks), lowercase.
 * Legend: n normalized code points.
 */
final class BertNormalizer {
    private final boolean cleanText, chineseChars, stripAccents, lowercase;

    BertNormalizer(boolean cleanText, boolean chineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.chineseChars = chineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    /**
     * The normalized text.
     *
     * @param codePoints (n) normalized code points
     * @param start      (n) char index in the original text of the code point each came from
     * @param end        (n) one past its last char (a dropped accent's chars are added to its letter's span)
     */
    record Normalized(int[] codePoints, int[] start, int[] end) {
        int length() {
            return codePoints.length;
        }
    }

    Normalized normalize(String text) {
        Builder out = new Builder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int from = i, to = i + Character.charCount(cp);
            i = to;
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) continue;
                if (isWhitespace(cp)) cp = ' ';
            }
            if (chineseChars && isCjkIdeograph(cp)) {
                out.add(' ', from, to);
                out.add(cp, from, to);
                out.add(' ', from, to);
                continue;
            }
            String piece = new String(Character.toChars(cp));
            if (stripAccents) piece = withoutNonSpacingMarks(Normalizer.normalize(piece, Normalizer.Form.NFD));
            if (piece.isEmpty()) {
                out.extendLast(from, to); // a lone combining accent: part of the letter before it
                continue;
            }
            if (lowercase) piece = piece.toLowerCase(Locale.ROOT); // full mapping: İ becomes i + U+0307, as in Rust
            piece.codePoints().forEach(c -> out.add(c, from, to));
        }
        return out.build();
    }

    /** Whitespace: Unicode White_Space (tab, newline, return and the Zs/Zl/Zp separators, incl. no-break ones). */
    static boolean isWhitespace(int cp) {
        return cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85
                || Character.isSpaceChar(cp);
    }

    /** Control, format, surrogate, private-use and unassigned chars, except tab/newline/return (whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
    }

    /** BERT's punctuation: every ASCII non-alphanumeric printable char (incl. $ + < = > ^ ` | ~) and Unicode P*. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
            return true;
        int type = Character.getType(cp);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** The CJK Unified Ideographs blocks BERT splits into single characters (not Hangul, kana or Thai). */
    static boolean isCjkIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B820 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    private static String withoutNonSpacingMarks(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(b::appendCodePoint);
        return b.toString();
    }

    /** Growable parallel arrays of code points and their original spans. */
    private static final class Builder {
        private int[] cps, start, end; // (capacity)
        private int n;

        Builder(int capacity) {
            cps = new int[capacity];
            start = new int[capacity];
            end = new int[capacity];
        }

        void add(int cp, int from, int to) {
            if (n == cps.length) {
                cps = Arrays.copyOf(cps, 2 * n);
                start = Arrays.copyOf(start, 2 * n);
                end = Arrays.copyOf(end, 2 * n);
            }
            cps[n] = cp;
            start[n] = from;
            end[n] = to;
            n++;
        }

        /** Widens the last code point's span over the chars [from, to) that directly follow it. */
        void extendLast(int from, int to) {
            if (n > 0 && end[n - 1] == from) end[n - 1] = to;
        }

        Normalized build() {
            return new Normalized(Arrays.copyOf(cps, n), Arrays.copyOf(start, n), Arrays.copyOf(end, n));
        }
    }
}
