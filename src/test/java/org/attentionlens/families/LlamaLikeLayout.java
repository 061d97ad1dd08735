package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * Checkpoints of the Llama-shaped families: llama, mistral, qwen2, qwen3, olmo2 (…ForCausalLM, `model.` prefix).
 * Options: tie (tie_word_embeddings), attention_bias (llama: q/k/v/o biases), sliding_window, use_sliding_window,
 * max_window_layers, layer_types (5.x only), hidden_act, rms_norm_eps, rope / rope_theta / legacyTypeKey.
 */
final class LlamaLikeLayout implements FamilyLayout {
    private static final String[] ARCH = {"llama", "LlamaForCausalLM", "mistral", "MistralForCausalLM",
            "qwen2", "Qwen2ForCausalLM", "qwen3", "Qwen3ForCausalLM", "olmo2", "Olmo2ForCausalLM"};

    @Override
    @SuppressWarnings("unchecked")
    public JsonObject config(FamilyCase c) {
        String type = c.modelType();
        JsonObject o = ConfigJson.base(c, architecture(type));
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("num_key_value_heads", c.kvHeads());
        // qwen2 and olmo2 have no head_dim setting: theirs is always D / H
        if (!type.equals("qwen2") && !type.equals("olmo2")) o.addProperty("head_dim", c.headDim());
        o.addProperty("hidden_act", c.text("hidden_act", "silu"));
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("initializer_range", 0.02);
        o.addProperty("rms_norm_eps", c.num("rms_norm_eps", 1e-6));
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", c.flag("tie"));
        o.addProperty("attention_dropout", 0.0);
        o.addProperty("bos_token_id", 1);
        o.addProperty("eos_token_id", 2);
        o.add("pad_token_id", JsonNull.INSTANCE);
        ConfigJson.rope(o, c, 10000.0);
        switch (type) {
            case "llama" -> {
                o.addProperty("attention_bias", c.flag("attention_bias"));
                o.addProperty("mlp_bias", false);
                o.addProperty("pretraining_tp", 1);
            }
            case "mistral" -> o.addProperty("sliding_window", (int) c.num("sliding_window", 4096));
            case "qwen2", "qwen3" -> {
                if (type.equals("qwen3")) o.addProperty("attention_bias", false);
                boolean sliding = c.flag("use_sliding_window");
                o.addProperty("use_sliding_window", sliding);
                o.addProperty("max_window_layers", (int) c.num("max_window_layers", c.layers()));
                if (c.v5()) {
                    // 5.x saves the window as None when use_sliding_window is off, and always saves layer_types
                    if (sliding) o.addProperty("sliding_window", (int) c.num("sliding_window", 4096));
                    else o.add("sliding_window", JsonNull.INSTANCE);
                    List<String> types = (List<String>) c.options().get("layer_types");
                    o.add("layer_types", ConfigJson.layerTypes(types != null ? types
                            : java.util.Collections.nCopies(c.layers(), "full_attention")));
                } else {
                    o.addProperty("sliding_window", (int) c.num("sliding_window", 4096));
                }
            }
            case "olmo2" -> o.addProperty("attention_bias", false);
            default -> throw new IllegalArgumentException(type);
        }
        return o;
    }

    private static String architecture(String type) {
        for (int i = 0; i < ARCH.length; i += 2) if (ARCH[i].equals(type)) return ARCH[i + 1];
        throw new IllegalArgumentException(type);
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        String type = c.modelType();
        int d = c.hidden(), e = c.headDim(), q = c.heads() * e, kv = c.kvHeads() * e, f = c.intermediate();
        boolean qkvBias = type.equals("qwen2") || c.flag("attention_bias");
        w.embedding("model.embed_tokens.weight", c.vocab(), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            if (!type.equals("olmo2")) w.norm(p + "input_layernorm.weight", d);  // OLMo 2 normalises after, not before
            w.linear(p + "self_attn.q_proj.weight", q, d);
            w.linear(p + "self_attn.k_proj.weight", kv, d);
            w.linear(p + "self_attn.v_proj.weight", kv, d);
            w.linear(p + "self_attn.o_proj.weight", d, q);
            if (qkvBias) {
                w.bias(p + "self_attn.q_proj.bias", q);
                w.bias(p + "self_attn.k_proj.bias", kv);
                w.bias(p + "self_attn.v_proj.bias", kv);
            }
            if (c.flag("attention_bias")) w.bias(p + "self_attn.o_proj.bias", d);  // llama only; qwen2 has none
            if (type.equals("qwen3")) {          // per-head norms over E
                w.norm(p + "self_attn.q_norm.weight", e);
                w.norm(p + "self_attn.k_norm.weight", e);
            }
            if (type.equals("olmo2")) {          // norms over the whole projection
                w.norm(p + "self_attn.q_norm.weight", q);
                w.norm(p + "self_attn.k_norm.weight", kv);
                w.norm(p + "post_feedforward_layernorm.weight", d);
            }
            w.norm(p + "post_attention_layernorm.weight", d);
            w.linear(p + "mlp.gate_proj.weight", f, d);
            w.linear(p + "mlp.up_proj.weight", f, d);
            w.linear(p + "mlp.down_proj.weight", d, f);
        }
        w.norm("model.norm.weight", d);
        if (!c.flag("tie")) w.linear("lm_head.weight", c.vocab(), d);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{1, 2};
    }
}
