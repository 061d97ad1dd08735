package org.attentionlens.fuzz;

import org.attentionlens.families.FamilyFolders;
import org.attentionlens.io.TinyGpt2Folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The valid inputs the fuzz starts from, written once per run under one temporary root: model folders of every kind
 * (a trained GPT-2 and tiny ones in F32/F16/BF16/shards, with each kind of tokenizer file; Llama 3, BERT and other
 * families), and beside them the {@link Sentinel}. Each input is a fresh copy of a seed, mutated, then deleted.
 */
final class Seeds {
    /** Seed folders by name: how each is written. */
    private static final Map<String, Writer> FOLDERS = Map.ofEntries(
            Map.entry("gpt2-f32", dir -> TinyGpt2Folder.write(dir, "F32", false, false)),
            Map.entry("gpt2-f16", dir -> TinyGpt2Folder.write(dir, "F16", false, false)),
            Map.entry("gpt2-bf16", dir -> TinyGpt2Folder.write(dir, "BF16", false, false)),
            Map.entry("gpt2-sharded", dir -> TinyGpt2Folder.write(dir, "F32", true, false)),
            Map.entry("gpt2-tokenizer-json", dir -> TinyGpt2Folder.write(dir, "F32", false, true)),
            Map.entry("brown-gpt", dir -> copy(resource("/models/brown-gpt"), dir)),
            Map.entry("llama3", dir -> copy(resource("/hf-reference/llama3-gqa"), dir)),
            Map.entry("bert", dir -> copy(resource("/hf-reference/bert"), dir)),
            Map.entry("qwen3", dir -> FamilyFolders.write("qwen3", dir)),
            Map.entry("gemma2", dir -> FamilyFolders.write("gemma2-5x", dir)),
            Map.entry("phi3", dir -> FamilyFolders.write("phi3", dir)),
            Map.entry("gpt-neox", dir -> FamilyFolders.write("neox-parallel", dir)));

    private static final Path ROOT = createRoot();
    private static final Sentinel SENTINEL = createSentinel();
    private static final Map<String, Path> WRITTEN = new ConcurrentHashMap<>();
    private static final AtomicLong COUNTER = new AtomicLong();

    @FunctionalInterface
    private interface Writer {
        Path write(Path dir) throws IOException;
    }

    private Seeds() {
    }

    static Sentinel sentinel() {
        return SENTINEL;
    }

    /** A fresh copy of the named seed folder, inside ROOT/inputs/ (two levels below the sentinels). */
    static Path copyOf(String seed) throws IOException {
        Path source = WRITTEN.computeIfAbsent(seed, Seeds::write);
        return copy(source, ROOT.resolve("inputs").resolve(seed + "-" + COUNTER.incrementAndGet()));
    }

    /** A path for an input's output (an export), beside its folder. */
    static Path output(Path input) {
        return input.resolveSibling(input.getFileName() + ".json");
    }

    /** Deletes an input folder and its output; links are deleted, never followed. */
    static void delete(Path input) throws IOException {
        Files.deleteIfExists(output(input));
        if (!Files.exists(input, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(input)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** A test or main resource folder on the class path. */
    static Path resource(String folder) {
        try {
            return Path.of(Seeds.class.getResource(folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(String seed) {
        try {
            return FOLDERS.get(seed).write(ROOT.resolve("seeds").resolve(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }

    private static Path createRoot() {
        try {
            Path root = Files.createTempDirectory("attention-lens-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    delete(root);
                } catch (IOException ignored) {
                    // a temporary folder left behind
                }
            }));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sentinel createSentinel() {
        try {
            return new Sentinel(ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
