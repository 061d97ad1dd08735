package org.attentionlens.families;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Helpers for writing config.json as save_pretrained does (sorted keys, two-space indent) in either layout. */
final class ConfigJson {
    static final String V4 = "4.46.3";  // the 4.x layouts: before layer_types and rope_parameters existed
    static final String V5 = "5.17.0";

    private ConfigJson() {
    }

    /** architectures, model_type, the dtype key of the layout, transformers_version. */
    static JsonObject base(FamilyCase c, String architecture) {
        JsonObject o = new JsonObject();
        JsonArray arch = new JsonArray();
        arch.add(architecture);
        o.add("architectures", arch);
        o.addProperty("model_type", c.modelType());
        String torchName = switch (c.dtype()) {
            case "F32" -> "float32";
            case "BF16" -> "bfloat16";
            case "F16" -> "float16";
            default -> throw new IllegalArgumentException(c.dtype());
        };
        o.addProperty(c.v5() ? "dtype" : "torch_dtype", torchName);
        o.addProperty("transformers_version", c.v5() ? V5 : V4);
        return o;
    }

    /**
     * RoPE settings in the case's layout. The case's "rope" option holds the scaling keys under their HF names
     * (rope_type plus factor, original_max_position_embeddings, ...); "rope_theta" the base.
     * 4.x: top-level rope_theta and rope_scaling (null for plain RoPE; the scaling type under "type" when the case
     * sets "legacyTypeKey", as older checkpoints did, else under "rope_type"). 5.x: one rope_parameters dict.
     */
    @SuppressWarnings("unchecked")
    static void rope(JsonObject o, FamilyCase c, double defaultTheta) {
        double theta = c.num("rope_theta", defaultTheta);
        Map<String, Object> rope = (Map<String, Object>) c.options().getOrDefault("rope", Map.of("rope_type", "default"));
        if (c.v5()) {
            JsonObject p = json(rope);
            p.addProperty("rope_theta", theta);
            o.add("rope_parameters", p);
        } else {
            o.addProperty("rope_theta", theta);
            if (rope.get("rope_type").equals("default")) {
                o.add("rope_scaling", JsonNull.INSTANCE);
            } else {
                JsonObject s = json(rope);
                if (c.flag("legacyTypeKey")) s.add("type", s.remove("rope_type"));
                o.add("rope_scaling", s);
            }
        }
    }

    /** A "layer_types" list. */
    static JsonArray layerTypes(List<String> types) {
        JsonArray a = new JsonArray();
        types.forEach(a::add);
        return a;
    }

    static JsonObject json(Map<String, Object> map) {
        return new Gson().toJsonTree(map).getAsJsonObject();
    }

    /** The text save_pretrained writes: keys sorted at every level, two-space indent, trailing newline. */
    static String text(JsonObject o) {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
        return gson.toJson(sorted(o)) + "\n";
    }

    private static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            TreeMap<String, JsonElement> m = new TreeMap<>();
            e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), sorted(x.getValue())));
            JsonObject s = new JsonObject();
            m.forEach(s::add);
            return s;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(sorted(x)));
            return a;
        }
        return e;
    }
}
