package org.attentionlens.families;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The test package's own safetensors reader (independent of the app's loaders): a model folder's tensors as
 * doubles, from model.safetensors or from the shards that model.safetensors.index.json names.
 */
final class SafetensorsRead {
    private SafetensorsRead() {
    }

    record Tensors(Map<String, double[]> values, Map<String, long[]> shapes) {
    }

    static Tensors folder(Path dir) throws IOException {
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.exists(index)) {
            JsonObject map = JsonParser.parseString(Files.readString(index)).getAsJsonObject().getAsJsonObject("weight_map");
            TreeSet<String> shards = new TreeSet<>();
            map.entrySet().forEach(e -> shards.add(e.getValue().getAsString()));
            for (String shard : shards) file(dir.resolve(shard), values, shapes);
            if (!values.keySet().equals(map.keySet())) throw new IOException("index and shards disagree in " + dir);
        } else {
            file(dir.resolve("model.safetensors"), values, shapes);
        }
        return new Tensors(values, shapes);
    }

    private static void file(Path file, Map<String, double[]> values, Map<String, long[]> shapes) throws IOException {
        byte[] all = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = 8 + (int) headerLength;
        JsonObject header = JsonParser.parseString(new String(all, 8, (int) headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonObject t = e.getValue().getAsJsonObject();
            String dtype = t.get("dtype").getAsString();
            var shapeJson = t.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) n *= shape[i] = shapeJson.get(i).getAsLong();
            int begin = dataStart + t.getAsJsonArray("data_offsets").get(0).getAsInt();
            int end = dataStart + t.getAsJsonArray("data_offsets").get(1).getAsInt();
            int w = StoredPrecision.width(dtype);
            if (end - begin != n * w) throw new IOException(e.getKey() + ": " + (end - begin) + " bytes for " + n + " " + dtype);
            double[] v = new double[(int) n];
            for (int i = 0; i < v.length; i++) v[i] = StoredPrecision.decode(all, begin + i * w, dtype);
            if (values.put(e.getKey(), v) != null) throw new IOException("tensor " + e.getKey() + " twice");
            shapes.put(e.getKey(), shape);
        }
    }
}
