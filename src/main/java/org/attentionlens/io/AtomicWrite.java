package org.attentionlens.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Writes a file whole or not at all: the content goes to a temporary file beside the target, which is moved into
 * place only once it is complete. A failed or killed export never leaves a truncated file and never destroys the
 * previous one. Failures come back as IOExceptions whose message is one clear sentence (no such folder, a folder
 * where a file was meant, the disk is full).
 */
public final class AtomicWrite {
    /** Writes the content to out; it may close out. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicWrite() {
    }

    /** A file being written: a temporary file that becomes the target on {@link #commit()}. */
    public static final class Pending {
        private final Path target, tmp;
        private final OutputStream out;

        private Pending(Path target, Path tmp) throws IOException {
            this.target = target;
            this.tmp = tmp;
            this.out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
        }

        public OutputStream stream() {
            return out;
        }

        /** Closes the stream and moves the complete file into place. */
        public void commit() throws IOException {
            try {
                out.close();
                move(tmp, target);
            } catch (IOException e) {
                abandon();
                throw new IOException("Could not write " + target + ": " + reason(e), e);
            }
        }

        /** Drops the temporary file; the target keeps what it had. */
        public void abandon() {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file is deleted anyway
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray .part file is all that is left
            }
        }
    }

    /** Starts writing file: write to {@link Pending#stream()}, then commit (or abandon). */
    public static Pending start(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        checkTarget(target);
        try {
            return new Pending(target, Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part"));
        } catch (IOException e) {
            throw new IOException("Cannot write in " + target.getParent() + ": " + reason(e), e);
        }
    }

    /** Writes file through body, atomically. */
    public static void write(Path file, Body body) throws IOException {
        Pending p = start(file);
        try {
            body.write(p.stream());
        } catch (IOException e) {
            p.abandon();
            throw new IOException("Could not write " + p.target + ": " + reason(e), e);
        } catch (RuntimeException | Error e) {
            p.abandon();
            throw e;
        }
        p.commit();
    }

    /** Makes a folder for several files (e.g. the .npy export), saying clearly when a file is in the way. */
    public static void folder(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (Files.isRegularFile(d)) throw new IOException(d + " is a file, not a folder: choose a folder for the files.");
        Path parent = d.getParent();
        if (parent != null && !Files.isDirectory(parent))
            throw new IOException("The folder " + parent + " does not exist.");
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IOException("Cannot make the folder " + d + ": " + reason(e), e);
        }
    }

    private static void checkTarget(Path target) throws IOException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir))
            throw new IOException("The folder " + dir + " does not exist.");
        if (Files.isDirectory(target))
            throw new IOException(target + " is a folder: give a file name to write.");
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The cause in words; "No space left on device" and the like become "the disk is full". */
    private static String reason(IOException e) {
        String m = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("no space") || lower.contains("disk full") || lower.contains("not enough space"))
            return "the disk is full";
        if (e instanceof java.nio.file.AccessDeniedException || lower.contains("permission denied"))
            return "permission denied";
        return m;
    }
}
