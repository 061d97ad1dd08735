package org.attentionlens.families;

import com.google.gson.JsonObject;

/**
 * DistilBertForMaskedLM checkpoints (`distilbert.` prefix): q_lin/k_lin/v_lin/out_lin, sa_layer_norm, ffn.lin1/lin2,
 * output_layer_norm; no token types; the vocab_transform / vocab_layer_norm / vocab_projector.bias head is saved
 * (vocab_projector.weight is tied to the word embeddings) and ignored by an encoder pass.
 */
final class DistilBertLayout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        JsonObject o = ConfigJson.base(c, "DistilBertForMaskedLM");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("dim", c.hidden());
        o.addProperty("hidden_dim", c.intermediate());
        o.addProperty("n_layers", c.layers());
        o.addProperty("n_heads", c.heads());
        o.addProperty("activation", "gelu");
        o.addProperty("max_position_embeddings", c.maxPositions());
        o.addProperty("sinusoidal_pos_embds", false);
        o.addProperty("initializer_range", 0.02);
        o.addProperty("dropout", 0.1);
        o.addProperty("attention_dropout", 0.1);
        o.addProperty("qa_dropout", 0.1);
        o.addProperty("seq_classif_dropout", 0.2);
        o.addProperty("pad_token_id", 0);
        o.addProperty("tie_weights_", true);
        o.addProperty("tie_word_embeddings", true);
        return o;
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        int d = c.hidden(), f = c.intermediate();
        w.embedding("distilbert.embeddings.word_embeddings.weight", c.vocab(), d);
        w.matrix("distilbert.embeddings.position_embeddings.weight", c.maxPositions(), d, 1, 0.5);
        w.norm("distilbert.embeddings.LayerNorm.weight", d);
        w.bias("distilbert.embeddings.LayerNorm.bias", d);
        for (int l = 0; l < c.layers(); l++) {
            String p = "distilbert.transformer.layer." + l + ".";
            for (String x : new String[]{"q_lin", "k_lin", "v_lin", "out_lin"}) {
                w.linear(p + "attention." + x + ".weight", d, d);
                w.bias(p + "attention." + x + ".bias", d);
            }
            w.norm(p + "sa_layer_norm.weight", d);
            w.bias(p + "sa_layer_norm.bias", d);
            w.linear(p + "ffn.lin1.weight", f, d);
            w.bias(p + "ffn.lin1.bias", f);
            w.linear(p + "ffn.lin2.weight", d, f);
            w.bias(p + "ffn.lin2.bias", d);
            w.norm(p + "output_layer_norm.weight", d);
            w.bias(p + "output_layer_norm.bias", d);
        }
        w.linear("vocab_transform.weight", d, d);
        w.bias("vocab_transform.bias", d);
        w.norm("vocab_layer_norm.weight", d);
        w.bias("vocab_layer_norm.bias", d);
        w.bias("vocab_projector.bias", c.vocab());
    }
}
