package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * Phi3ForCausalLM checkpoints: fused self_attn.qkv_proj (rows q | k | v) and mlp.gate_up_proj (rows gate | up).
 * Options: partial_rotary_factor, sliding_window (absent = null), original_max_position_embeddings,
 * rope / rope_theta / legacyTypeKey.
 * Phi3Config keeps original_max_position_embeddings and partial_rotary_factor as top-level attributes, and 5.x's
 * standardisation lets those override what rope_parameters says, so both layouts write them at the top level too.
 */
final class Phi3Layout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        JsonObject o = ConfigJson.base(c, "Phi3ForCausalLM");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("num_key_value_heads", c.kvHeads());
        o.addProperty("hidden_act", "silu");
        o.addProperty("max_position_embeddings", c.maxPositions());
        int original = (int) c.num("original_max_position_embeddings", c.maxPositions());
        o.addProperty("original_max_position_embeddings", original);
        o.addProperty("partial_rotary_factor", c.num("partial_rotary_factor", 1.0));
        o.addProperty("initializer_range", 0.02);
        o.addProperty("rms_norm_eps", 1e-5);
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", false);
        o.addProperty("attention_bias", false);
        o.addProperty("attention_dropout", 0.0);
        o.addProperty("embd_pdrop", 0.0);
        o.addProperty("resid_pdrop", 0.0);
        o.addProperty("bos_token_id", 1);
        o.addProperty("eos_token_id", 2);
        o.addProperty("pad_token_id", 0);
        if (c.has("sliding_window")) o.addProperty("sliding_window", (int) c.num("sliding_window", 0));
        else o.add("sliding_window", JsonNull.INSTANCE);
        ConfigJson.rope(o, c, 10000.0);
        if (c.v5()) {
            JsonObject p = o.getAsJsonObject("rope_parameters");
            p.addProperty("partial_rotary_factor", c.num("partial_rotary_factor", 1.0));
            if (!p.get("rope_type").getAsString().equals("default")) p.addProperty("original_max_position_embeddings", original);
        }
        return o;
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        int d = c.hidden(), e = c.headDim(), q = c.heads() * e, kv = c.kvHeads() * e, f = c.intermediate();
        w.embedding("model.embed_tokens.weight", c.vocab(), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            w.norm(p + "input_layernorm.weight", d);
            w.matrix(p + "self_attn.qkv_proj.weight", q + 2 * kv, d, d, 1.6);  // (q + 2 kv, D): q rows, then k, then v
            w.linear(p + "self_attn.o_proj.weight", d, q);
            w.norm(p + "post_attention_layernorm.weight", d);
            w.matrix(p + "mlp.gate_up_proj.weight", 2 * f, d, d, 1.6);         // (2F, D): gate rows, then up
            w.linear(p + "mlp.down_proj.weight", d, f);
        }
        w.norm("model.norm.weight", d);
        w.linear("lm_head.weight", c.vocab(), d);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{1, 2};
    }
}
