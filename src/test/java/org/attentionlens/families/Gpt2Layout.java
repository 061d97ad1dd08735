package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * GPT2LMHeadModel checkpoints as save_pretrained writes them: `transformer.` prefix, the head tied to wte (not
 * saved), no attn.bias mask buffers (non-persistent), and Conv1D weights stored (in, out) — c_attn is (D, 3D)
 * with columns q | k | v.
 */
final class Gpt2Layout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        JsonObject o = ConfigJson.base(c, "GPT2LMHeadModel");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("n_embd", c.hidden());
        o.addProperty("n_layer", c.layers());
        o.addProperty("n_head", c.heads());
        o.add("n_inner", JsonNull.INSTANCE);  // None means 4 D
        o.addProperty("n_positions", c.maxPositions());
        o.addProperty("activation_function", "gelu_new");
        o.addProperty("layer_norm_epsilon", 1e-5);
        o.addProperty("initializer_range", 0.02);
        o.addProperty("attn_pdrop", 0.1);
        o.addProperty("embd_pdrop", 0.1);
        o.addProperty("resid_pdrop", 0.1);
        o.addProperty("scale_attn_weights", true);
        o.addProperty("scale_attn_by_inverse_layer_idx", false);
        o.addProperty("reorder_and_upcast_attn", false);
        o.addProperty("summary_type", "cls_index");
        o.addProperty("summary_use_proj", true);
        o.addProperty("summary_activation", (String) null);
        o.addProperty("summary_proj_to_labels", true);
        o.addProperty("summary_first_dropout", 0.1);
        o.addProperty("use_cache", true);
        if (c.v5()) o.addProperty("tie_word_embeddings", true);  // 4.x left out values equal to the base defaults
        o.addProperty("bos_token_id", c.vocab() - 1);
        o.addProperty("eos_token_id", c.vocab() - 1);
        return o;
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        int d = c.hidden(), f = 4 * d;
        w.embedding("transformer.wte.weight", c.vocab(), d);
        w.matrix("transformer.wpe.weight", c.maxPositions(), d, 1, 0.5);
        for (int l = 0; l < c.layers(); l++) {
            String p = "transformer.h." + l + ".";
            w.norm(p + "ln_1.weight", d);
            w.bias(p + "ln_1.bias", d);
            w.matrix(p + "attn.c_attn.weight", d, 3 * d, d, 1.6);  // (in D, out 3D)
            w.bias(p + "attn.c_attn.bias", 3 * d);
            w.matrix(p + "attn.c_proj.weight", d, d, d, 1.6);
            w.bias(p + "attn.c_proj.bias", d);
            w.norm(p + "ln_2.weight", d);
            w.bias(p + "ln_2.bias", d);
            w.matrix(p + "mlp.c_fc.weight", d, f, d, 1.6);         // (D, 4D)
            w.bias(p + "mlp.c_fc.bias", f);
            w.matrix(p + "mlp.c_proj.weight", f, d, f, 1.6);       // (4D, D)
            w.bias(p + "mlp.c_proj.bias", d);
        }
        w.norm("transformer.ln_f.weight", d);
        w.bias("transformer.ln_f.bias", d);
    }

    @Override
    public int[] bosEos(FamilyCase c) {
        return new int[]{c.vocab() - 1, c.vocab() - 1};
    }
}
