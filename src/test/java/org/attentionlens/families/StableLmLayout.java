package org.attentionlens.families;

import com.google.gson.JsonObject;

/**
 * StableLmForCausalLM checkpoints (`model.` prefix): LayerNorms with biases, optional q/k/v biases (no o bias), a
 * gated SiLU MLP, untied lm_head; no post_attention_layernorm when use_parallel_residual (both sublayers read
 * input_layernorm's output). Options: use_qkv_bias, use_parallel_residual, partial_rotary_factor.
 * 5.x files carry partial_rotary_factor both in rope_parameters and at the top level (where 5.x's standardisation
 * lets the attribute win), and the cases keep 5.x files at the class default 0.25.
 */
final class StableLmLayout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        JsonObject o = ConfigJson.base(c, "StableLmForCausalLM");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("num_key_value_heads", c.kvHeads());
        o.addProperty("hidden_act", "silu");
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("initializer_range", 0.02);
        o.addProperty("layer_norm_eps", 1e-5);
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", false);
        o.addProperty("use_qkv_bias", c.flag("use_qkv_bias"));
        o.addProperty("qk_layernorm", false);
        o.addProperty("use_parallel_residual", c.flag("use_parallel_residual"));
        o.addProperty("hidden_dropout", 0.0);
        o.addProperty("attention_dropout", 0.0);
        o.addProperty("bos_token_id", 0);
        o.addProperty("eos_token_id", 0);
        double partial = c.num("partial_rotary_factor", 0.25);
        o.addProperty("partial_rotary_factor", partial);
        ConfigJson.rope(o, c, 10000.0);
        if (c.v5()) o.getAsJsonObject("rope_parameters").addProperty("partial_rotary_factor", partial);
        return o;
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        int d = c.hidden(), e = c.headDim(), q = c.heads() * e, kv = c.kvHeads() * e, f = c.intermediate();
        w.embedding("model.embed_tokens.weight", c.vocab(), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            w.norm(p + "input_layernorm.weight", d);
            w.bias(p + "input_layernorm.bias", d);
            if (!c.flag("use_parallel_residual")) {
                w.norm(p + "post_attention_layernorm.weight", d);
                w.bias(p + "post_attention_layernorm.bias", d);
            }
            w.linear(p + "self_attn.q_proj.weight", q, d);
            w.linear(p + "self_attn.k_proj.weight", kv, d);
            w.linear(p + "self_attn.v_proj.weight", kv, d);
            if (c.flag("use_qkv_bias")) {
                w.bias(p + "self_attn.q_proj.bias", q);
                w.bias(p + "self_attn.k_proj.bias", kv);
                w.bias(p + "self_attn.v_proj.bias", kv);
            }
            w.linear(p + "self_attn.o_proj.weight", d, q);
            w.linear(p + "mlp.gate_proj.weight", f, d);
            w.linear(p + "mlp.up_proj.weight", f, d);
            w.linear(p + "mlp.down_proj.weight", d, f);
        }
        w.norm("model.norm.weight", d);
        w.bias("model.norm.bias", d);
        w.linear("lm_head.weight", c.vocab(), d);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{0, 0};
    }
}
