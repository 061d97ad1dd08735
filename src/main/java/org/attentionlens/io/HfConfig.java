package org.attentionlens.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.attentionlens.model.ArchitectureKind;
import org.attentionlens.model.ModelConfig;

import static org.attentionlens.tokenizer.JsonFields.bool;
import static org.attentionlens.tokenizer.JsonFields.string;

/**
 * The parts of a Hugging Face GPT-2 config.json the forward pass needs.
 * Legend as in {@link ModelConfig}.
 *
 * @param modelType  "gpt2"
 * @param layers     n_layer (L)
 * @param heads      n_head (H)
 * @param dModel     n_embd (D)
 * @param context    n_positions, or n_ctx in old configs (N)
 * @param vocabSize  vocab_size (V)
 * @param eps        layer_norm_epsilon
 * @param dFF        n_inner, or 4·D when null (F)
 * @param activation activation_function
 */
public record HfConfig(String modelType, int layers, int heads, int dModel, int context, int vocabSize, float eps,
                       int dFF, String activation) {
    public static final String FILE = "config.json";

    /** Parses config.json; unsupported architectures and settings get a message naming them. */
    public static HfConfig parse(String json) throws ModelLoadException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) throw new ModelLoadException(FILE + " is not a JSON object.");
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelLoadException(FILE + " is not valid JSON: " + e.getMessage(), e);
        }
        String type = string(o, "model_type", null);
        if (type == null) {
            // Very old GPT-2 configs predate model_type; they still name the class.
            String arch = o.has("architectures") ? o.get("architectures").toString() : "";
            if (arch.contains("GPT2") || (arch.isEmpty() && o.has("n_embd"))) type = "gpt2";
            else throw new ModelLoadException(FILE + " has no \"model_type\"; supported: gpt2 (folders), bert (built-in)");
        }
        if (!type.equals(ArchitectureKind.GPT2.key()))
            throw new ModelLoadException("unsupported architecture '" + type + "'; supported: gpt2 (folders), "
                    + "bert (built-in)");
        int D = integer(o, "n_embd", null);
        int H = integer(o, "n_head", null);
        if (D % H != 0)
            throw new ModelLoadException(FILE + ": n_embd " + D + " is not divisible by n_head " + H);
        int N = o.has("n_positions") ? integer(o, "n_positions", null) : integer(o, "n_ctx", null);
        JsonElement inner = o.get("n_inner");
        int F = inner == null || inner.isJsonNull() ? 4 * D : integer(o, "n_inner", null);
        String act = string(o, "activation_function", "gelu_new");
        // gelu_pytorch_tanh and gelu_fast are the same tanh approximation as gelu_new, to float rounding.
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh") && !act.equals("gelu_fast"))
            throw new ModelLoadException(FILE + ": activation_function '" + act + "' is not supported; GPT-2 "
                    + "folders must use gelu_new (or gelu_pytorch_tanh).");
        if (bool(o, "scale_attn_by_inverse_layer_idx", false))
            throw new ModelLoadException(FILE + ": scale_attn_by_inverse_layer_idx = true is not supported.");
        if (!bool(o, "scale_attn_weights", true))
            throw new ModelLoadException(FILE + ": scale_attn_weights = false is not supported.");
        float eps = o.has("layer_norm_epsilon") ? number(o, "layer_norm_epsilon").floatValue() : 1e-5f;
        return new HfConfig(type, integer(o, "n_layer", null), H, D, N, integer(o, "vocab_size", null), eps, F, act);
    }

    /** The model shape; id is the folder (or classpath) the model came from. */
    public ModelConfig toModelConfig(String id) {
        return new ModelConfig(id, ArchitectureKind.GPT2, layers, heads, heads, dModel, dModel / heads, dFF,
                vocabSize, context, eps, 0);
    }

    private static int integer(JsonObject o, String key, Integer fallback) throws ModelLoadException {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            if (fallback != null) return fallback;
            throw new ModelLoadException(FILE + " has no \"" + key + "\", which a GPT-2 config needs.");
        }
        Number n = number(o, key);
        if (n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0 || n.longValue() > Integer.MAX_VALUE)
            throw new ModelLoadException(FILE + ": \"" + key + "\" must be a positive integer, is " + o.get(key));
        return n.intValue();
    }

    private static Number number(JsonObject o, String key) throws ModelLoadException {
        try {
            return o.get(key).getAsNumber();
        } catch (RuntimeException e) {
            throw new ModelLoadException(FILE + ": \"" + key + "\" must be a number, is " + o.get(key), e);
        }
    }


}
