package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * GPTNeoXForCausalLM checkpoints (`gpt_neox.` prefix, untied embed_in / embed_out, LayerNorms with biases).
 * attention.query_key_value is (3D, D) with rows grouped per head: head h owns rows [3Eh, 3E(h+1)) as q | k | v.
 * Options: rotary_pct (the partial rotary factor), use_parallel_residual, hidden_act.
 * 4.x writes rotary_pct / rotary_emb_base; 5.x writes rope_parameters with partial_rotary_factor.
 */
final class NeoxLayout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        JsonObject o = ConfigJson.base(c, "GPTNeoXForCausalLM");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("hidden_act", c.text("hidden_act", "gelu"));
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("initializer_range", 0.02);
        o.addProperty("layer_norm_eps", 1e-5);
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", false);
        o.addProperty("use_parallel_residual", c.flag("use_parallel_residual"));
        o.addProperty("attention_bias", true);
        o.addProperty("attention_dropout", 0.0);
        o.addProperty("hidden_dropout", 0.0);
        o.addProperty("classifier_dropout", 0.1);
        o.addProperty("bos_token_id", 0);
        o.addProperty("eos_token_id", 0);
        double pct = c.num("rotary_pct", 0.25);
        if (c.v5()) {
            JsonObject p = new JsonObject();
            p.addProperty("rope_type", "default");
            p.addProperty("rope_theta", 10000.0);
            p.addProperty("partial_rotary_factor", pct);
            o.add("rope_parameters", p);
        } else {
            o.addProperty("rotary_pct", pct);
            o.addProperty("rotary_emb_base", 10000);
            o.add("rope_scaling", JsonNull.INSTANCE);
        }
        return o;
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        int d = c.hidden(), f = c.intermediate();
        w.embedding("gpt_neox.embed_in.weight", c.vocab(), d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "gpt_neox.layers." + l + ".";
            w.norm(p + "input_layernorm.weight", d);
            w.bias(p + "input_layernorm.bias", d);
            w.norm(p + "post_attention_layernorm.weight", d);
            w.bias(p + "post_attention_layernorm.bias", d);
            w.matrix(p + "attention.query_key_value.weight", 3 * d, d, d, 1.6);
            w.bias(p + "attention.query_key_value.bias", 3 * d);
            w.linear(p + "attention.dense.weight", d, d);
            w.bias(p + "attention.dense.bias", d);
            w.linear(p + "mlp.dense_h_to_4h.weight", f, d);
            w.bias(p + "mlp.dense_h_to_4h.bias", f);
            w.linear(p + "mlp.dense_4h_to_h.weight", d, f);
            w.bias(p + "mlp.dense_4h_to_h.bias", d);
        }
        w.norm("gpt_neox.final_layer_norm.weight", d);
        w.bias("gpt_neox.final_layer_norm.bias", d);
        w.linear("embed_out.weight", c.vocab(), d);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{0, 0};
    }
}
