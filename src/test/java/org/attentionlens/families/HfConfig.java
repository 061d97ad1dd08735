package org.attentionlens.families;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a config.json the way transformers 5.x's config classes do, including their backward-compatible
 * reading of 4.x files: a key that is absent or null takes the class default.
 */
final class HfConfig {
    final JsonObject json;

    HfConfig(JsonObject json) {
        this.json = json;
    }

    boolean present(String key) {
        JsonElement e = json.get(key);
        return e != null && !e.isJsonNull();
    }

    int integer(String key, int otherwise) {
        return present(key) ? json.get(key).getAsInt() : otherwise;
    }

    double number(String key, double otherwise) {
        return present(key) ? json.get(key).getAsDouble() : otherwise;
    }

    boolean bool(String key, boolean otherwise) {
        return present(key) ? json.get(key).getAsBoolean() : otherwise;
    }

    String text(String key, String otherwise) {
        return present(key) ? json.get(key).getAsString() : otherwise;
    }

    int hidden() {
        return json.get("hidden_size").getAsInt();
    }

    int heads() {
        return json.get("num_attention_heads").getAsInt();
    }

    int kvHeads() {
        return integer("num_key_value_heads", heads());
    }

    int layers() {
        return json.get("num_hidden_layers").getAsInt();
    }

    int vocab() {
        return json.get("vocab_size").getAsInt();
    }

    int maxPositions() {
        return json.get("max_position_embeddings").getAsInt();
    }

    /** head_dim if the config sets it, else D / H (getattr(config, "head_dim", None) or D // H). */
    int headDim() {
        return present("head_dim") ? json.get("head_dim").getAsInt() : hidden() / heads();
    }

    /** The dtype the config names (5.x "dtype", 4.x "torch_dtype"), as a safetensors dtype; F32 when absent. */
    String dtype() {
        String t = text("dtype", text("torch_dtype", "float32"));
        return switch (t) {
            case "bfloat16" -> "BF16";
            case "float16" -> "F16";
            default -> "F32";
        };
    }

    /** layer_types as stored, or null (4.x files). */
    List<String> layerTypes() {
        if (!present("layer_types")) return null;
        List<String> types = new ArrayList<>();
        json.getAsJsonArray("layer_types").forEach(x -> types.add(x.getAsString()));
        return types;
    }

    /**
     * One global rope_parameters dict, standardised as RotaryEmbeddingConfigMixin does for a config without
     * per-layer-type RoPE: rope_parameters (5.x) or rope_scaling (4.x) or {}; rope_type from "rope_type", else the
     * older "type", else "default"; rope_theta from the dict, else the top-level key, else the family default;
     * partial_rotary_factor as the family resolves it (null: a top-level key, which 5.x lets override the dict, else
     * the dict's own); original_max_position_embeddings (llama3, yarn, longrope) from a top-level key
     * first (Phi-3 keeps it there, and 5.x gives that priority), else the dict, else max_position_embeddings.
     */
    JsonObject rope(String thetaKey, double defaultTheta, Double partialRotaryFactor) {
        JsonObject p = present("rope_parameters") ? json.getAsJsonObject("rope_parameters").deepCopy()
                : present("rope_scaling") ? json.getAsJsonObject("rope_scaling").deepCopy() : new JsonObject();
        standardise(p, number(thetaKey, defaultTheta), partialRotaryFactor);
        return p;
    }

    /** The rope_type / rope_theta / partial / original-length defaults of {@link #rope} on one dict, in place. */
    void standardise(JsonObject p, double theta, Double partialRotaryFactor) {
        if (!p.has("rope_type")) p.addProperty("rope_type", p.has("type") ? p.get("type").getAsString() : "default");
        if (!p.has("rope_theta") || p.get("rope_theta").isJsonNull()) p.addProperty("rope_theta", theta);
        if (partialRotaryFactor == null && present("partial_rotary_factor")) partialRotaryFactor = number("partial_rotary_factor", 1);
        if (partialRotaryFactor != null) p.addProperty("partial_rotary_factor", partialRotaryFactor);
        String type = p.get("rope_type").getAsString();
        if (type.equals("llama3") || type.equals("yarn") || type.equals("longrope")) {
            if (present("original_max_position_embeddings")) {
                p.addProperty("original_max_position_embeddings", json.get("original_max_position_embeddings").getAsInt());
            } else if (!p.has("original_max_position_embeddings")) {
                p.addProperty("original_max_position_embeddings", maxPositions());
            }
        }
    }
}
