package org.attentionlens.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Models already in the Hugging Face cache: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else
 * {@code ~/.cache/huggingface/hub}, where each model is {@code models--ORG--NAME/snapshots/REV/} and
 * {@code refs/main} names the current revision. Researchers see what they already have without browsing.
 */
public final class HfCache {
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

    private HfCache() {
    }

    /** The cache folder in use. */
    public static Path hub() {
        String cache = System.getenv("HF_HUB_CACHE");
        if (cache != null && !cache.isBlank()) return Path.of(cache);
        String home = System.getenv("HF_HOME");
        if (home != null && !home.isBlank()) return Path.of(home, "hub");
        return Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
    }

    /** The snapshot folder of a hub id ("ORG/NAME") in the cache, if it is there with a config.json. */
    public static Optional<Path> find(String hubId) {
        return find(hub(), hubId);
    }

    static Optional<Path> find(Path hub, String hubId) {
        if (!HUB_ID.matcher(hubId).matches()) return Optional.empty();
        Path model = hub.resolve("models--" + hubId.replace("/", "--"));
        Path snapshots = model.resolve("snapshots");
        try {
            Path main = model.resolve("refs").resolve("main");
            if (Files.isRegularFile(main)) {
                Path rev = snapshots.resolve(Files.readString(main).trim());
                if (rev.normalize().startsWith(snapshots) && Files.isRegularFile(rev.resolve("config.json")))
                    return Optional.of(rev);
            }
            if (!Files.isDirectory(snapshots)) return Optional.empty();
            try (Stream<Path> revs = Files.list(snapshots)) { // no refs/main: the newest snapshot with a config
                return revs.filter(p -> Files.isRegularFile(p.resolve("config.json")))
                        .max(Comparator.comparingLong(HfCache::modified));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Hub ids of every cached model with a config.json, sorted. */
    public static List<String> list() {
        return list(hub());
    }

    static List<String> list(Path hub) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(hub)) return ids;
        try (Stream<Path> models = Files.list(hub)) {
            models.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("models--"))
                    .map(n -> n.substring("models--".length()).replaceFirst("--", "/"))
                    .filter(id -> find(hub, id).isPresent()).sorted().forEach(ids::add);
        } catch (IOException | RuntimeException e) {
            return ids;
        }
        return ids;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
