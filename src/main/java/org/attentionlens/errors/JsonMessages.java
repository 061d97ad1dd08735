package org.attentionlens.errors;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a JSON library's complaint into words for a user: no class names, no web links, nothing unprintable. */
public final class JsonMessages {
    private static final int EXCERPT = 60, BRIEF = 160;
    /** The parser's token names ("Expected BEGIN_OBJECT but was STRING") in words. */
    private static final Map<String, String> TOKEN_WORDS = Map.of("BEGIN_OBJECT", "an object {…}", "END_OBJECT",
            "the end of an object", "BEGIN_ARRAY", "a list […]", "END_ARRAY", "the end of a list", "STRING", "a string",
            "NUMBER", "a number", "BOOLEAN", "true or false", "NULL", "null", "NAME", "a name", "END_DOCUMENT",
            "the end of the file");
    private static final Pattern TOKENS = Pattern.compile("\\b(" + String.join("|", TOKEN_WORDS.keySet()) + ")\\b");

    private JsonMessages() {
    }

    /** The gist of a parser's message: "expected a value at line 3 column 7", without the library's advice. */
    public static String brief(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof NumberFormatException n) return notANumber(n);
        String m = e.getMessage() == null ? "unreadable" : e.getMessage();
        int see = m.indexOf("\nSee ");
        if (see >= 0) m = m.substring(0, see);
        m = m.replaceAll("com\\.google\\.gson\\.[A-Za-z.]+: ", "").replaceAll("java\\.[a-z.]+\\.[A-Za-z]+: ", "");
        int link = m.indexOf("https://");
        if (link >= 0) m = m.substring(0, link).trim();
        m = m.replaceAll("[Uu]se JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON ?", "")
                .replaceAll("[Uu]se JsonReader\\.setLenient\\(true\\) to accept malformed JSON ?", "")
                .replaceAll(" path \\$\\.?([\\w\\[\\].]{1,60})$", " (at $1)") // "path $.notes[1].arrow": where
                .replaceAll(" path \\$\\S*", "").trim();                    // too deep a path says nothing
        Matcher tokens = TOKENS.matcher(m);
        StringBuilder words = new StringBuilder();
        while (tokens.find()) tokens.appendReplacement(words, TOKEN_WORDS.get(tokens.group()));
        m = tokens.appendTail(words).toString().replace("Expected ", "expected ").replace(" but was ", " but found ");
        if (m.endsWith(";") || m.endsWith(",")) m = m.substring(0, m.length() - 1);
        String p = printable(m.isEmpty() ? "unreadable" : m);
        return p.length() <= BRIEF ? p : p.substring(0, BRIEF) + "…"; // a parser may quote a whole key or value
    }

    /** A value a parser could not read as a number: the JDK says "For input string: …" or "empty String". */
    private static String notANumber(NumberFormatException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("For input string: ")) return excerpt(m.substring("For input string: ".length())) + " is not a number";
        return m.contains("empty") ? "an empty value where a number belongs" : "a value that is not a number";
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
