package org.attentionlens.io;

import org.attentionlens.errors.UserMessage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    /**
     * A file being written: a temporary file that becomes the target on {@link #commit()}; or, when the target is a
     * device or pipe such as /dev/null, the target itself (moving a file over it would replace the device).
     */
    public static final class Pending {
        private final Path target, tmp; // tmp null: writing straight into a device
        private final OutputStream out;

        private Pending(Path target, Path tmp) throws IOException {
            this.target = target;
            this.tmp = tmp;
            this.out = new BufferedOutputStream(Files.newOutputStream(tmp == null ? target : tmp), 1 << 16);
        }

        public OutputStream stream() {
            return out;
        }

        /** Closes the stream and moves the complete file into place. */
        public void commit() throws IOException {
            try {
                out.close();
                if (tmp != null) move(tmp, target);
            } catch (IOException e) {
                abandon();
                throw new IOException("Could not write " + target + ": " + UserMessage.reason(e), e);
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
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray .part file is all that is left
            }
        }
    }

    /** Starts writing file: write to {@link Pending#stream()}, then commit (or abandon). */
    public static Pending start(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        checkTarget(target);
        if (Files.exists(target) && !Files.isRegularFile(target)) return new Pending(target, null);
        try {
            return new Pending(target, Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part"));
        } catch (IOException e) {
            throw new IOException("Cannot write in " + target.getParent() + ": " + UserMessage.reason(e), e);
        }
    }

    /** Writes file through body, atomically. */
    public static void write(Path file, Body body) throws IOException {
        Pending p = start(file);
        try {
            body.write(p.stream());
        } catch (IOException e) {
            p.abandon();
            throw new IOException("Could not write " + p.target + ": " + UserMessage.reason(e), e);
        } catch (RuntimeException | Error e) {
            p.abandon();
            throw e;
        }
        p.commit();
    }

    /** Makes a folder for several files (e.g. the .npy export), saying clearly when a file is in the way. */
    public static void folder(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (Files.exists(d) && !Files.isDirectory(d))
            throw new IOException(d + " is a file, not a folder: choose a folder for the files.");
        Path parent = d.getParent();
        if (parent != null && !Files.isDirectory(parent)) throw notAFolder(parent);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new IOException("Cannot make the folder " + d + ": " + UserMessage.reason(e), e);
        }
    }

    private static void checkTarget(Path target) throws IOException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) throw notAFolder(dir);
        if (Files.isDirectory(target))
            throw new IOException(target + " is a folder: give a file name to write.");
    }

    private static IOException notAFolder(Path dir) {
        return new IOException(dir != null && Files.exists(dir) ? dir + " is not a folder: give a path inside a folder."
                : "The folder " + dir + " does not exist.");
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
