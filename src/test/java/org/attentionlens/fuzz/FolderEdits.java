package org.attentionlens.fuzz;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Applies an {@link Edit} to a model folder: content edits to one of its files ({@link ContentEdits}), or changes to
 * the folder itself: a file deleted, a folder or a link in its place, a shard index pointing outside.
 */
final class FolderEdits {
    private static final String INDEX = "model.safetensors.index.json", SINGLE = "model.safetensors";

    private FolderEdits() {
    }

    static void apply(Path folder, Edit e, Sentinel sentinel) throws IOException {
        Random rnd = new Random(e.seed());
        if (e.kind() == Edit.Kind.SHARD_ESCAPE) {
            shardEscape(folder, sentinel, rnd);
            return;
        }
        List<String> files = files(folder);
        if (files.isEmpty()) return;
        String name = files.get(e.file() % files.size());
        Path file = folder.resolve(name);
        switch (e.kind()) {
            case DELETE_FILE -> Files.delete(file);
            case FOLDER_IN_PLACE -> {
                Files.delete(file);
                Files.createDirectory(file);
            }
            case LINK -> link(folder, file, name.endsWith(".json") ? sentinel.json : sentinel.safetensors, files, rnd);
            default -> Files.write(file, ContentEdits.apply(Files.readAllBytes(file), name, e.kind(), rnd));
        }
    }

    /** The regular files (not links) of the folder, sorted. */
    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The file replaced by a link: to the sentinel (absolute, relative, through a second link) or to a sibling. */
    private static void link(Path folder, Path file, Path sentinel, List<String> files, Random rnd) throws IOException {
        Files.delete(file);
        switch (rnd.nextInt(4)) {
            case 0 -> Files.createSymbolicLink(file, sentinel);
            case 1 -> Files.createSymbolicLink(file, folder.relativize(sentinel));
            case 2 -> {
                Path hop = folder.resolve("hop");
                if (!Files.exists(hop, LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(hop, sentinel);
                Files.createSymbolicLink(file, hop.getFileName());
            }
            default -> Files.createSymbolicLink(file, Path.of(files.get(rnd.nextInt(files.size()))));
        }
    }

    /**
     * One shard of the index named so that it leads outside the folder; a single-file checkpoint is first turned
     * into one shard and its index, so every seed gets the attack.
     */
    private static void shardEscape(Path folder, Sentinel sentinel, Random rnd) throws IOException {
        Path index = folder.resolve(INDEX);
        if (Files.isDirectory(index, LinkOption.NOFOLLOW_LINKS)) return; // an earlier edit put a folder there: nothing to write
        Map<String, Object> weightMap = new LinkedHashMap<>();
        if (Files.isRegularFile(index, LinkOption.NOFOLLOW_LINKS)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(index)).getAsJsonObject().getAsJsonObject("weight_map");
                o.entrySet().forEach(en -> weightMap.put(en.getKey(), en.getValue()));
            } catch (RuntimeException | IOException damaged) {
                weightMap.put("wte.weight", "x");
            }
        } else if (Files.isRegularFile(folder.resolve(SINGLE), LinkOption.NOFOLLOW_LINKS)) {
            String shard = "model-00001-of-00001.safetensors";
            Files.move(folder.resolve(SINGLE), folder.resolve(shard));
            for (String tensor : tensorNames(folder.resolve(shard))) weightMap.put(tensor, shard);
        }
        if (weightMap.isEmpty()) weightMap.put("wte.weight", "x");
        List<String> tensors = new ArrayList<>(weightMap.keySet());
        weightMap.put(tensors.get(rnd.nextInt(tensors.size())), escape(folder, sentinel, rnd));
        Files.writeString(index, new Gson().toJson(Map.of("metadata", Map.of(), "weight_map", weightMap)));
    }

    private static String escape(Path folder, Sentinel sentinel, Random rnd) throws IOException {
        String[] names = {sentinel.safetensors.toString(), folder.relativize(sentinel.safetensors).toString(),
                "/etc/passwd", "../../../etc/hostname", "/dev/zero", "/proc/self/environ", "a\u0000b", "", ".", "..",
                "sub/model.safetensors", "C:\\x.safetensors", "x".repeat(300), "link.safetensors"};
        String name = names[rnd.nextInt(names.length)];
        if (name.equals("link.safetensors") && !Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS))
            Files.createSymbolicLink(folder.resolve(name), sentinel.safetensors);
        return name;
    }

    /** The tensor names of a safetensors file's header, or none when it cannot be read. */
    private static List<String> tensorNames(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject h = JsonParser.parseString(new String(b, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
            return h.keySet().stream().filter(k -> !k.equals("__metadata__")).toList();
        } catch (RuntimeException | IOException damaged) {
            return List.of();
        }
    }
}
