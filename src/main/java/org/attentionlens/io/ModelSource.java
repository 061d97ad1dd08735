package org.attentionlens.io;

import org.attentionlens.errors.UserMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a model's files come from: a Hugging Face folder on disk, or a classpath prefix for a built-in
 * (e.g. "/models/brown-gpt/"). Files are named as in the folder: "config.json", "model.safetensors", ….
 */
public sealed interface ModelSource {

    /** The folder path, or "classpath:" + prefix: the LoadedModel id of a folder and the place named in messages. */
    String id();

    /** A short name: the folder's own name. */
    String name();

    boolean has(String file);

    String readString(String file) throws ModelLoadException;

    /** Opens a safetensors file (read with positional reads from disk, or from memory for the classpath). */
    SafetensorsFile safetensors(String file) throws ModelLoadException;

    static ModelSource folder(Path folder) {
        return new Folder(folder.toAbsolutePath().normalize());
    }

    /** A classpath prefix such as "/models/brown-gpt/" (a trailing slash is added if missing). */
    static ModelSource classpath(String prefix) {
        return classpath(prefix, ModelSource.class.getClassLoader());
    }

    /** A prefix on the given class loader's classpath. */
    static ModelSource classpath(String prefix, ClassLoader loader) {
        String p = (prefix.startsWith("/") ? prefix : "/" + prefix);
        return new Classpath(p.endsWith("/") ? p : p + "/", loader);
    }

    record Folder(Path folder) implements ModelSource {
        /** Text files (config, tokenizer) past this are refused before reading: they could fill the heap. */
        static final long MAX_TEXT_BYTES = 256L << 20;

        @Override
        public String id() {
            return folder.toString();
        }

        @Override
        public String name() {
            Path n = folder.getFileName();
            return n == null ? folder.toString() : n.toString();
        }

        @Override
        public boolean has(String file) {
            return Files.isRegularFile(folder.resolve(file));
        }

        @Override
        public String readString(String file) throws ModelLoadException {
            Path p = inside(file);
            try {
                long size = Files.size(p);
                if (size > MAX_TEXT_BYTES)
                    throw new ModelLoadException(p + " has " + (size >> 20) + " MB, far more than any config or "
                            + "tokenizer file (the largest are about 40 MB): it is damaged or not the file its name says.");
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read " + p + ": " + UserMessage.reason(e) + ".", e);
            }
        }

        @Override
        public SafetensorsFile safetensors(String file) throws ModelLoadException {
            return SafetensorsFile.open(inside(file));
        }

        /**
         * The file's path once it is known to lead inside the folder: a link in a downloaded folder must never make
         * the app read a file elsewhere, such as /etc/passwd. Links into a Hugging Face blob store
         * (models--ORG--NAME/blobs/, where the cache and older local_dir downloads keep the bytes) are allowed.
         */
        private Path inside(String file) throws ModelLoadException {
            Path p = folder.resolve(file);
            try {
                Path real = p.toRealPath();
                if (real.startsWith(folder.toRealPath()) || inBlobStore(real)) return p;
                throw new ModelLoadException(p + " is a link to " + real + ", outside the model folder: the files of "
                        + "a model must be inside its folder. Copy the file into the folder.");
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read " + p + ": " + UserMessage.reason(e) + ".", e);
            }
        }

        private static boolean inBlobStore(Path real) {
            Path blobs = real.getParent(), repo = blobs == null ? null : blobs.getParent();
            return repo != null && blobs.getFileName().toString().equals("blobs")
                    && repo.getFileName() != null && repo.getFileName().toString().startsWith("models--");
        }
    }

    record Classpath(String prefix, ClassLoader loader) implements ModelSource {
        @Override
        public String id() {
            return "classpath:" + prefix;
        }

        @Override
        public String name() {
            String p = prefix.substring(0, prefix.length() - 1);
            return p.substring(p.lastIndexOf('/') + 1);
        }

        @Override
        public boolean has(String file) {
            return loader.getResource(prefix.substring(1) + file) != null;
        }

        @Override
        public String readString(String file) throws ModelLoadException {
            return new String(bytes(file), StandardCharsets.UTF_8);
        }

        @Override
        public SafetensorsFile safetensors(String file) throws ModelLoadException {
            return SafetensorsFile.of(ByteBuffer.wrap(bytes(file)), file);
        }

        private byte[] bytes(String file) throws ModelLoadException {
            try (InputStream in = loader.getResourceAsStream(prefix.substring(1) + file)) {
                if (in == null) throw new ModelLoadException("Resource " + prefix + file + " is missing from the app");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read resource " + prefix + file + ": " + e.getMessage(), e);
            }
        }
    }
}
