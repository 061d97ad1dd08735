package org.attentionlens.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a vocabulary entry reads, for the UI ({@link #display}) and for scripts ({@link #plain}). Entries are spelled
 * differently by each kind of tokenizer: GPT-2's byte alphabet ("Ġcat"), SentencePiece's "▁" for a space with
 * "&lt;0x0A&gt;" pieces for bytes ("▁cat"), WordPiece's "##" for a piece that continues a word ("##ing").
 * Reading an entry is not tokenizing: the library does that; this only makes its vocabulary legible.
 */
final class TokenText {
    /** How the entries of a vocabulary are spelled. */
    enum Spelling {
        /** GPT-2's byte-to-unicode alphabet: every char stands for one byte ({@link ByteUnicode}). */
        BYTE_LEVEL,
        /** SentencePiece: "▁" is a space; with byte fallback, "&lt;0xNN&gt;" pieces are single bytes. */
        METASPACE,
        /** WordPiece: a continuing piece starts with the model's prefix, "##". */
        WORD_PIECE,
        /** Entries are the text itself. */
        PLAIN
    }

    private static final char METASPACE = '\u2581';
    private static final Pattern BYTE_PIECE = Pattern.compile("<0x([0-9A-Fa-f]{2})>");

    private final Spelling spelling;
    private final String wordPiecePrefix;
    private final boolean byteFallback;

    TokenText(Spelling spelling, String wordPiecePrefix, boolean byteFallback) {
        this.spelling = spelling;
        this.wordPiecePrefix = wordPiecePrefix;
        this.byteFallback = byteFallback;
    }

    /** What a model vocabulary entry shows in the UI: bytes decoded, spaces as "␣", "##" dropped. */
    String display(String entry) {
        switch (spelling) {
            case BYTE_LEVEL -> {
                byte[] bytes = ByteUnicode.toBytes(entry);
                return bytes == null ? entry : readable(bytes);
            }
            case METASPACE -> {
                byte[] b = bytePiece(entry);
                return b != null ? readable(b) : readable(entry.replace(METASPACE, ' '));
            }
            case WORD_PIECE -> {
                return entry.startsWith(wordPiecePrefix) && entry.length() > wordPiecePrefix.length()
                        ? entry.substring(wordPiecePrefix.length()) : entry;
            }
            default -> {
                return readable(entry);
            }
        }
    }

    /**
     * The entry as plain text for scripts: byte-level entries as the text their bytes spell (" cat"; a part of a
     * multi-byte char becomes U+FFFD), SentencePiece "▁" as a space and ASCII byte pieces as their char,
     * WordPiece pieces as stored ("##ing").
     */
    String plain(String entry) {
        switch (spelling) {
            case BYTE_LEVEL -> {
                byte[] bytes = ByteUnicode.toBytes(entry);
                return bytes == null ? entry : new String(bytes, StandardCharsets.UTF_8);
            }
            case METASPACE -> {
                byte[] b = bytePiece(entry);
                if (b != null) return b[0] >= 0 ? String.valueOf((char) b[0]) : entry;
                return entry.replace(METASPACE, ' ');
            }
            default -> {
                return entry;
            }
        }
    }

    /** The byte of a byte-fallback piece such as "&lt;0x0A&gt;", or null. */
    private byte[] bytePiece(String entry) {
        if (!byteFallback) return null;
        Matcher m = BYTE_PIECE.matcher(entry);
        return m.matches() ? new byte[]{(byte) Integer.parseInt(m.group(1), 16)} : null;
    }

    /** How an id without a vocabulary entry reads everywhere (a padded embedding row, a tokenizer-less model). */
    static String ofId(int id) {
        return "<id " + id + ">";
    }

    /** Text made readable as {@link #readable(byte[])} shows it. */
    static String readable(String text) {
        return readable(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Bytes made readable: valid UTF-8 decoded, a space shown as "␣", newline "↵", tab "⇥", and any other
     * control byte or byte that is not part of a complete char as e.g. "&lt;0xF0&gt;" (a token may hold part of a
     * multi-byte char).
     */
    static String readable(byte[] b) {
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
