package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Checkpoints of gemma, gemma2 and gemma3_text (…ForCausalLM, `model.` prefix, head always tied to the embeddings).
 * Norm weights are stored as w around 0: the models scale by (1 + w).
 * Options: sliding_window, layer_types (5.x), sliding_window_pattern (gemma3 4.x), query_pre_attn_scalar,
 * attn_logit_softcapping, final_logit_softcapping, rope_local_base_freq (gemma3), zeroNorms (every w = 0).
 */
final class GemmaLayout implements FamilyLayout {

    @Override
    @SuppressWarnings("unchecked")
    public JsonObject config(FamilyCase c) {
        String type = c.modelType();
        String arch = switch (type) {
            case "gemma" -> "GemmaForCausalLM";
            case "gemma2" -> "Gemma2ForCausalLM";
            default -> "Gemma3ForCausalLM";
        };
        JsonObject o = ConfigJson.base(c, arch);
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("num_key_value_heads", c.kvHeads());
        o.addProperty("head_dim", c.headDim());
        // Gemma 1 reads hidden_act in 5.x but read hidden_activation in 4.38–4.44 (falling back to the tanh GELU);
        // Gemma 2/3 read hidden_activation. The 4.x layout writes both, agreeing, as the Hub's configs came to do.
        if (type.equals("gemma")) {
            o.addProperty("hidden_act", "gelu_pytorch_tanh");
            if (!c.v5()) o.addProperty("hidden_activation", "gelu_pytorch_tanh");
        } else {
            o.addProperty("hidden_activation", "gelu_pytorch_tanh");
            if (!c.v5()) o.addProperty("hidden_act", "gelu_pytorch_tanh");
        }
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("initializer_range", 0.02);
        o.addProperty("rms_norm_eps", 1e-6);
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", true);
        o.addProperty("attention_bias", false);
        o.addProperty("attention_dropout", 0.0);
        o.addProperty("bos_token_id", 2);
        o.addProperty("eos_token_id", 1);
        o.addProperty("pad_token_id", 0);
        if (type.equals("gemma")) {
            ConfigJson.rope(o, c, 10000.0);
            return o;
        }
        o.addProperty("query_pre_attn_scalar", (int) c.num("query_pre_attn_scalar", c.headDim()));
        o.addProperty("sliding_window", (int) c.num("sliding_window", 4096));
        softcap(o, c, "attn_logit_softcapping");
        softcap(o, c, "final_logit_softcapping");
        List<String> types = (List<String>) c.options().get("layer_types");
        if (c.v5()) o.add("layer_types", ConfigJson.layerTypes(types));
        if (type.equals("gemma2")) {
            ConfigJson.rope(o, c, 10000.0);
            if (!c.v5()) o.addProperty("cache_implementation", "hybrid");
            return o;
        }
        // gemma3_text: local (sliding) layers use their own plain RoPE base; scaling applies to the global layers only
        double local = c.num("rope_local_base_freq", 10000.0);
        if (c.v5()) {
            Map<String, Object> global = (Map<String, Object>) c.options().getOrDefault("rope", Map.of("rope_type", "default"));
            JsonObject full = ConfigJson.json(global);
            full.addProperty("rope_theta", c.num("rope_theta", 1_000_000.0));
            JsonObject sliding = new JsonObject();
            sliding.addProperty("rope_type", "default");
            sliding.addProperty("rope_theta", local);
            JsonObject p = new JsonObject();
            p.add("full_attention", full);
            p.add("sliding_attention", sliding);
            o.add("rope_parameters", p);
        } else {
            ConfigJson.rope(o, c, 1_000_000.0);
            o.addProperty("rope_local_base_freq", local);
            o.addProperty("sliding_window_pattern", (int) c.num("sliding_window_pattern", 6));
        }
        return o;
    }

    private static void softcap(JsonObject o, FamilyCase c, String key) {
        if (c.has(key)) o.addProperty(key, c.num(key, 0));
        else o.add(key, JsonNull.INSTANCE);
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        String type = c.modelType();
        int d = c.hidden(), e = c.headDim(), q = c.heads() * e, kv = c.kvHeads() * e, f = c.intermediate();
        w.embedding("model.embed_tokens.weight", c.vocab(), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            norm(c, w, p + "input_layernorm.weight", d);
            w.linear(p + "self_attn.q_proj.weight", q, d);
            w.linear(p + "self_attn.k_proj.weight", kv, d);
            w.linear(p + "self_attn.v_proj.weight", kv, d);
            w.linear(p + "self_attn.o_proj.weight", d, q);
            if (type.equals("gemma3_text")) {
                norm(c, w, p + "self_attn.q_norm.weight", e);
                norm(c, w, p + "self_attn.k_norm.weight", e);
            }
            norm(c, w, p + "post_attention_layernorm.weight", d);
            if (!type.equals("gemma")) {
                norm(c, w, p + "pre_feedforward_layernorm.weight", d);
                norm(c, w, p + "post_feedforward_layernorm.weight", d);
            }
            w.linear(p + "mlp.gate_proj.weight", f, d);
            w.linear(p + "mlp.up_proj.weight", f, d);
            w.linear(p + "mlp.down_proj.weight", d, f);
        }
        norm(c, w, "model.norm.weight", d);
    }

    /** Gemma's stored norm weight w (the model multiplies by 1 + w). */
    private static void norm(FamilyCase c, Weights w, String name, int n) {
        w.vector(name, n, 0.0, c.flag("zeroNorms") ? 0.0 : 0.2);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{2, 1};
    }
}
