package org.attentionlens.errors;

/** Turns a JSON library's complaint into words for a user: no class names, no web links, nothing unprintable. */
public final class JsonMessages {
    private static final int EXCERPT = 60;

    private JsonMessages() {
    }

    /** The gist of a parser's message: "expected a value at line 3 column 7", without the library's advice. */
    public static String brief(Throwable e) {
        String m = e.getMessage() == null ? "unreadable" : e.getMessage();
        int see = m.indexOf("\nSee ");
        if (see >= 0) m = m.substring(0, see);
        m = m.replaceAll("com\\.google\\.gson\\.[A-Za-z.]+: ", "").replaceAll("java\\.[a-z.]+\\.[A-Za-z]+: ", "");
        int link = m.indexOf("https://");
        if (link >= 0) m = m.substring(0, link).trim();
        m = m.replaceAll("[Uu]se JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON ?", "")
                .replaceAll("[Uu]se JsonReader\\.setLenient\\(true\\) to accept malformed JSON ?", "")
                .replaceAll(" path \\$\\S*", "").trim(); // "path $[0][0]…": the parser's own notation, up to 255 deep
        if (m.endsWith(";") || m.endsWith(",")) m = m.substring(0, m.length() - 1);
        return printable(m.isEmpty() ? "unreadable" : m);
    }

    /** A short, printable excerpt of a value for a message. */
    public static String excerpt(String s) {
        String p = printable(s);
        return p.length() <= EXCERPT ? p : p.substring(0, EXCERPT) + "…";
    }

    /** Control characters (NUL and the like) shown as "?": a message must never print raw bytes. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) && c != '\n' ? '?' : c == '\n' ? ' ' : c));
        return b.toString();
    }
}
