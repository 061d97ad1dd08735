package org.attentionlens.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a user-error message must be: one line of words for a person, naming the file. Refused: control characters
 * (NUL bytes from a corrupt header), Java class names and "Exception", a library's web link, the JDK's own texts
 * ("For input string", "Input length = 1", "Index 5 out of bounds"), and the text of an exception thrown outside
 * the project's code quoted verbatim.
 */
final class Messages {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b");
    private static final List<String> RAW = List.of("Exception", "java.", "com.google", "gson", "serde", "http://",
            "https://", "www.", "For input string", "Input length =", "out of bounds for length", "Cannot invoke",
            "cannot be cast", "Array must have size", "Expected BEGIN_", "MalformedJson", " path $", "null pointer",
            "Unexpected end of file");
    private static final int MAX = 1200;

    private Messages() {
    }

    /**
     * The first thing wrong with a user-error message, or null.
     *
     * @param names words one of which the message must contain: the folder's name, its files' names
     */
    static String problem(String message, Throwable error, List<String> names) {
        if (message == null || message.isBlank()) return "no message";
        if (message.length() > MAX) return "a message of " + message.length() + " characters";
        if (message.chars().anyMatch(Character::isISOControl)) return "control characters in the message";
        if (CLASS_NAME.matcher(message).find()) return "a Java class name in the message";
        for (String raw : RAW) if (message.contains(raw)) return "'" + raw + "' in the message";
        for (Throwable t = error == null ? null : error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.length() >= 4 && !thrownByTheProject(t) && message.contains(m))
                return "the raw text of " + t.getClass().getSimpleName() + " (\"" + m + "\") in the message";
        }
        if (!names.isEmpty() && names.stream().noneMatch(message::contains)) return "the message names no file";
        return null;
    }

    /** Messages the project wrote itself are words for users; others are a library's or the JDK's. */
    private static boolean thrownByTheProject(Throwable t) {
        StackTraceElement[] at = t.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("org.attentionlens.");
    }
}
