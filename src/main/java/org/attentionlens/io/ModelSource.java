package org.attentionlens.io;

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

    /** Opens a safetensors file (memory-mapped from disk, or read into memory from the classpath). */
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
            try {
                return Files.readString(folder.resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ModelLoadException("Cannot read " + folder.resolve(file) + ": " + e.getMessage(), e);
            }
        }

        @Override
        public SafetensorsFile safetensors(String file) throws ModelLoadException {
            return SafetensorsFile.open(folder.resolve(file));
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
