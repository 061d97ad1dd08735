package org.attentionlens.families;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tiny checkpoint folder in a family's exact Hugging Face layout, and what it holds as read back from disk.
 * {@link #write} makes one from a {@link FamilyCase}; {@link #open} reads any folder (also transformers' own).
 */
final class FamilyCheckpoint {
    private static final Set<String> ENCODERS = Set.of("bert", "roberta", "distilbert");

    private final Path dir;
    private final FamilyCase fcase;
    private final JsonObject config;
    private final Map<String, double[]> tensors;
    private final Map<String, long[]> shapes;

    private FamilyCheckpoint(Path dir, FamilyCase fcase, JsonObject config, SafetensorsRead.Tensors t) {
        this.dir = dir;
        this.fcase = fcase;
        this.config = config;
        this.tensors = t.values();
        this.shapes = t.shapes();
    }

    /**
     * Writes config.json, the weights (model.safetensors, or two shards and their index) rounded to the case's
     * dtype, and generation_config.json for causal models; then reads the folder back.
     */
    static FamilyCheckpoint write(FamilyCase c, Path dir) throws IOException {
        Files.createDirectories(dir);
        FamilyLayout layout = FamilyLayout.of(c.modelType());
        Files.writeString(dir.resolve("config.json"), ConfigJson.text(layout.config(c)));
        Weights w = new Weights(c.seed());
        layout.tensors(c, w);
        TreeMap<String, byte[]> encoded = new TreeMap<>();  // safetensors headers list the tensors by name
        w.values.forEach((name, v) -> {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) r[i] = StoredPrecision.round(v[i], c.dtype());
            encoded.put(name, StoredPrecision.encode(r, c.dtype()));
        });
        if (c.sharded()) writeShards(c, w, encoded, dir);
        else writeFile(c, w, encoded, List.copyOf(encoded.keySet()), dir.resolve("model.safetensors"));
        int[] bosEos = layout.bosEos(c);
        if (bosEos != null) {
            JsonObject g = new JsonObject();
            g.addProperty("_from_model_config", true);
            g.addProperty("bos_token_id", bosEos[0]);
            g.addProperty("eos_token_id", bosEos[1]);
            g.addProperty("transformers_version", c.v5() ? ConfigJson.V5 : ConfigJson.V4);
            Files.writeString(dir.resolve("generation_config.json"), ConfigJson.text(g));
        }
        return new FamilyCheckpoint(dir, c, readConfig(dir), SafetensorsRead.folder(dir));
    }

    /** Reads a folder written by anyone; fcase() is then null. */
    static FamilyCheckpoint open(Path dir) throws IOException {
        return new FamilyCheckpoint(dir, null, readConfig(dir), SafetensorsRead.folder(dir));
    }

    private static JsonObject readConfig(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Two shards split at half the bytes, in name order, with the index save_pretrained writes beside them. */
    private static void writeShards(FamilyCase c, Weights w, TreeMap<String, byte[]> encoded, Path dir) throws IOException {
        long total = encoded.values().stream().mapToLong(b -> b.length).sum();
        List<String> first = new ArrayList<>(), second = new ArrayList<>();
        long seen = 0;
        for (var e : encoded.entrySet()) {
            (seen < total / 2 ? first : second).add(e.getKey());
            seen += e.getValue().length;
        }
        String[] files = {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
        writeFile(c, w, encoded, first, dir.resolve(files[0]));
        writeFile(c, w, encoded, second, dir.resolve(files[1]));
        JsonObject map = new JsonObject();
        first.forEach(n -> map.addProperty(n, files[0]));
        second.forEach(n -> map.addProperty(n, files[1]));
        long parameters = w.values.values().stream().mapToLong(v -> v.length).sum();
        JsonObject meta = new JsonObject();
        meta.addProperty("total_parameters", parameters);
        meta.addProperty("total_size", total);
        JsonObject index = new JsonObject();
        index.add("metadata", meta);
        index.add("weight_map", map);
        Files.writeString(dir.resolve("model.safetensors.index.json"), ConfigJson.text(index));
    }

    private static void writeFile(FamilyCase c, Weights w, Map<String, byte[]> encoded, List<String> names, Path file)
            throws IOException {
        SafetensorsWriter out = new SafetensorsWriter().metadata("format", "pt");
        for (String n : names) out.addRaw(n, c.dtype(), encoded.get(n), w.shapes.get(n));
        out.write(file);
    }

    Path dir() {
        return dir;
    }

    FamilyCase fcase() {
        return fcase;
    }

    /** config.json as stored. */
    JsonObject config() {
        return config;
    }

    /** By HF name, the stored (rounded) values. */
    Map<String, double[]> tensors() {
        return tensors;
    }

    Map<String, long[]> shapes() {
        return shapes;
    }

    String modelType() {
        return config.get("model_type").getAsString();
    }

    int vocabSize() {
        return config.get("vocab_size").getAsInt();
    }

    int layers() {
        return firstInt("num_hidden_layers", "n_layer", "n_layers");
    }

    int heads() {
        return firstInt("num_attention_heads", "n_head", "n_heads");
    }

    int kvHeads() {
        JsonElement kv = config.get("num_key_value_heads");
        return kv == null || kv.isJsonNull() ? heads() : kv.getAsInt();
    }

    boolean causal() {
        return !ENCODERS.contains(modelType());
    }

    private int firstInt(String... keys) {
        for (String k : keys) if (config.has(k)) return config.get(k).getAsInt();
        throw new IllegalStateException("config.json has none of " + List.of(keys));
    }
}
