package org.attentionlens.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.attentionlens.errors.JsonMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's tensors by name, from one model.safetensors or from the shards listed in
 * model.safetensors.index.json ({"weight_map": {tensor name: shard file}}).
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final String description;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byName;

    private SafetensorsCheckpoint(String description, List<SafetensorsFile> files, Map<String, SafetensorsFile> byName) {
        this.description = description;
        this.files = files;
        this.byName = byName;
    }

    /** Whether the source has a checkpoint this class reads. */
    public static boolean present(ModelSource src) {
        return src.has(SINGLE) || src.has(INDEX);
    }

    public static SafetensorsCheckpoint open(ModelSource src) throws ModelLoadException {
        if (src.has(SINGLE)) {
            SafetensorsFile f = src.safetensors(SINGLE);
            Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
            for (String n : f.names()) byName.put(n, f);
            return new SafetensorsCheckpoint(SINGLE, List.of(f), byName);
        }
        if (!src.has(INDEX))
            throw new ModelLoadException(src.id() + " has no " + SINGLE + " (nor a sharded " + INDEX + ").");
        Map<String, String> weightMap = weightMap(src.readString(INDEX));
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        try {
            for (var e : weightMap.entrySet()) {
                String shard = e.getValue();
                SafetensorsFile f = shards.get(shard);
                if (f == null) {
                    checkShardName(shard);
                    if (!src.has(shard))
                        throw new ModelLoadException(INDEX + " lists shard " + shard + ", which is not in "
                                + src.id() + ". Download every shard of the checkpoint.");
                    f = src.safetensors(shard);
                    shards.put(shard, f);
                }
                byName.put(e.getKey(), f);
            }
        } catch (ModelLoadException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint("the shards listed in " + INDEX, new ArrayList<>(shards.values()), byName);
    }

    /**
     * A shard must be a plain file name in the model folder: the index is data from the internet, and a name such
     * as /etc/passwd or ../../x must never make the app open a file outside the folder.
     */
    static void checkShardName(String shard) throws ModelLoadException {
        boolean plain = !shard.isEmpty() && shard.length() <= 255 && !shard.equals(".") && !shard.equals("..")
                && shard.chars().noneMatch(ch -> ch == '/' || ch == '\\' || ch == ':' || Character.isISOControl(ch));
        if (!plain)
            throw new ModelLoadException(INDEX + " names the shard \"" + JsonMessages.excerpt(shard) + "\", which is "
                    + "not a file name inside the model folder: shards must sit beside the index. The index is damaged "
                    + "or not from this model; download the checkpoint again.");
    }

    private static Map<String, String> weightMap(String json) throws ModelLoadException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new ModelLoadException(INDEX + " is not valid JSON (" + JsonMessages.brief(e) + "): download it again.", e);
        }
        JsonElement wm = root != null && root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
        if (wm == null || !wm.isJsonObject())
            throw new ModelLoadException(INDEX + " has no \"weight_map\" object mapping tensor names to shard files.");
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : ((JsonObject) wm).entrySet()) {
            if (!(e.getValue() instanceof JsonPrimitive p) || !p.isString())
                throw new ModelLoadException(INDEX + ": the shard of tensor \"" + JsonMessages.excerpt(e.getKey())
                        + "\" must be a file name, is " + JsonMessages.excerpt(e.getValue().toString()) + ".");
            out.put(e.getKey(), p.getAsString());
        }
        return out;
    }

    /** "model.safetensors" or "the shards listed in model.safetensors.index.json", for messages. */
    public String description() {
        return description;
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public boolean has(String name) {
        SafetensorsFile f = byName.get(name);
        return f != null && f.has(name);
    }

    /** The header entry; the tensor must exist. */
    public SafetensorsFile.TensorInfo info(String name) throws ModelLoadException {
        if (!has(name)) throw missing(name);
        return byName.get(name).info(name);
    }

    public float[] floats(String name) throws ModelLoadException {
        if (!has(name)) throw missing(name);
        return byName.get(name).floats(name);
    }

    /** The file holding a tensor, to read parts of it. */
    public SafetensorsFile file(String name) throws ModelLoadException {
        if (!has(name)) throw missing(name);
        return byName.get(name);
    }

    /** Bytes of all tensors' data. */
    public long dataBytes() {
        long n = 0;
        for (String name : names())
            if (has(name)) n += byName.get(name).info(name).end() - byName.get(name).info(name).begin();
        return n;
    }

    private ModelLoadException missing(String name) {
        return new ModelLoadException("tensor '" + name + "' missing from " + description);
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
