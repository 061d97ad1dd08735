package org.attentionlens.families;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * BertForMaskedLM (`bert.` prefix, cls.predictions head) and RobertaForMaskedLM (`roberta.` prefix, lm_head)
 * checkpoints: post-LN encoders with learned positions and token types. The decoder weights of the MLM heads are
 * tied to the word embeddings and not saved; the rest of the heads is, and a forward pass of the encoder ignores it.
 * RoBERTa counts positions from padding_idx + 1 = 2, so its table has maxPositions + 2 rows.
 * Options: layer_norm_eps.
 */
final class BertLayout implements FamilyLayout {

    @Override
    public JsonObject config(FamilyCase c) {
        boolean roberta = c.modelType().equals("roberta");
        JsonObject o = ConfigJson.base(c, roberta ? "RobertaForMaskedLM" : "BertForMaskedLM");
        o.addProperty("vocab_size", c.vocab());
        o.addProperty("hidden_size", c.hidden());
        o.addProperty("intermediate_size", c.intermediate());
        o.addProperty("num_hidden_layers", c.layers());
        o.addProperty("num_attention_heads", c.heads());
        o.addProperty("hidden_act", "gelu");
        o.addProperty("max_position_embeddings", positions(c));
        o.addProperty("type_vocab_size", roberta ? 1 : 2);
        o.addProperty("layer_norm_eps", c.num("layer_norm_eps", roberta ? 1e-5 : 1e-12));
        o.addProperty("initializer_range", 0.02);
        o.addProperty("attention_probs_dropout_prob", 0.1);
        o.addProperty("hidden_dropout_prob", 0.1);
        o.add("classifier_dropout", JsonNull.INSTANCE);
        o.addProperty("is_decoder", false);
        o.addProperty("use_cache", true);
        o.addProperty("tie_word_embeddings", true);
        if (!c.v5()) o.addProperty("position_embedding_type", "absolute");
        o.addProperty("pad_token_id", roberta ? 1 : 0);
        if (roberta) {
            o.addProperty("bos_token_id", 0);
            o.addProperty("eos_token_id", 2);
        }
        return o;
    }

    private static int positions(FamilyCase c) {
        return c.modelType().equals("roberta") ? c.maxPositions() + 2 : c.maxPositions();
    }

    @Override
    public void tensors(FamilyCase c, Weights w) {
        boolean roberta = c.modelType().equals("roberta");
        String m = roberta ? "roberta." : "bert.";
        int d = c.hidden(), f = c.intermediate();
        w.embedding(m + "embeddings.word_embeddings.weight", c.vocab(), d);
        w.matrix(m + "embeddings.position_embeddings.weight", positions(c), d, 1, 0.5);
        w.matrix(m + "embeddings.token_type_embeddings.weight", roberta ? 1 : 2, d, 1, 0.5);
        w.norm(m + "embeddings.LayerNorm.weight", d);
        w.bias(m + "embeddings.LayerNorm.bias", d);
        for (int l = 0; l < c.layers(); l++) {
            String p = m + "encoder.layer." + l + ".";
            for (String x : new String[]{"query", "key", "value"}) {
                w.linear(p + "attention.self." + x + ".weight", d, d);
                w.bias(p + "attention.self." + x + ".bias", d);
            }
            w.linear(p + "attention.output.dense.weight", d, d);
            w.bias(p + "attention.output.dense.bias", d);
            w.norm(p + "attention.output.LayerNorm.weight", d);
            w.bias(p + "attention.output.LayerNorm.bias", d);
            w.linear(p + "intermediate.dense.weight", f, d);
            w.bias(p + "intermediate.dense.bias", f);
            w.linear(p + "output.dense.weight", d, f);
            w.bias(p + "output.dense.bias", d);
            w.norm(p + "output.LayerNorm.weight", d);
            w.bias(p + "output.LayerNorm.bias", d);
        }
        String head = roberta ? "lm_head." : "cls.predictions.";
        String transform = roberta ? "lm_head." : "cls.predictions.transform.";
        w.linear(transform + "dense.weight", d, d);
        w.bias(transform + "dense.bias", d);
        w.norm(transform + (roberta ? "layer_norm" : "LayerNorm") + ".weight", d);
        w.bias(transform + (roberta ? "layer_norm" : "LayerNorm") + ".bias", d);
        w.bias(head + "bias", c.vocab());
    }
}
