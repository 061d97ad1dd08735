package org.attentionlens.errors;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * A failure as the one line a user reads in a dialog, a status bar or a terminal: no Java class names, no links to
 * a library's troubleshooting page, no control characters (a corrupt file's header can carry NUL bytes), and file
 * system errors said in words ("no such folder") rather than as the exception's bare path.
 */
public final class UserMessage {
    private static final int MAX = 400;
    /** "com.google.gson.stream.MalformedJsonException: " and the like. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");
    /** "See https://…" sentences and bare links. */
    private static final Pattern LINK = Pattern.compile("(?i)\\s*(?:see\\s+)?(?:https?://|www\\.)\\S+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]+");

    private UserMessage() {
    }

    /** The readable line for a failure (unwrapping executor wrappers). */
    public static String of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
            t = t.getCause();
        if (t instanceof FileSystemException f) return fileSystem(f);
        if (t instanceof OutOfMemoryError) return "Out of memory: try a shorter text or a smaller model.";
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getCause() != null && t.getCause() != t ? of(t.getCause()) : "unexpected error";
        return clean(m);
    }

    /** A message with class names, links and control characters taken out, on one line, at most 400 characters. */
    public static String clean(String message) {
        String s = CLASS_NAME.matcher(message).replaceAll("");
        s = LINK.matcher(s).replaceAll("");
        s = CONTROL.matcher(s).replaceAll("·");
        s = s.replaceAll("\\s*\\n\\s*", " ").replace('\t', ' ').replaceAll(" {2,}", " ").strip();
        s = s.replaceAll("\\(\\s*\\)", "").replaceAll(" +([.,;)])", "$1");
        if (s.length() > MAX) s = s.substring(0, MAX - 1) + "…";
        return s.isEmpty() ? "unexpected error" : s;
    }

    private static String fileSystem(FileSystemException f) {
        return clean((f.getFile() == null ? "a file" : f.getFile()) + ": " + reason(f));
    }

    /**
     * Why a read or write failed, in words: the JDK's own texts are a bare path (NoSuchFileException), "Input length
     * = 1" (bytes that are not UTF-8) or the C library's wording, none of which tells a user what happened.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof NotDirectoryException) return "a file stands where a folder is needed";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return "it already exists";
        if (e instanceof DirectoryNotEmptyException) return "it is a folder that is not empty";
        if (e instanceof CharacterCodingException) return "it is not UTF-8 text";
        String m = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
        if (m == null || m.isBlank()) return "the system refused it";
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space") || lower.contains("disk full") || lower.contains("not enough space"))
            return "the disk is full";
        if (lower.contains("permission denied")) return "permission denied";
        if (lower.contains("is a directory")) return "it is a folder";
        return clean(m);
    }
}
