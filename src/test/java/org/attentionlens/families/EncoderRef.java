package org.attentionlens.families;

import java.util.Map;

/**
 * Reference forward pass of the post-LN encoders bert, roberta and distilbert (transformers 5.x), bidirectional:
 * embeddings = LN(word + position [+ token type 0]); per layer h1 = LN(h + O·attn(h)), h2 = LN(h1 + W2·act(W1·h1)),
 * attention scaled by E^−½. The MLM heads saved beside the encoder are not part of this pass.
 * Positions: 0 … T−1 for bert and distilbert. RoBERTa numbers the non-padding tokens from padding_idx + 1
 * (create_position_ids_from_input_ids: cumsum(id ≠ pad) + pad), so the first token reads row 2 of its table and a
 * padding id reads row padding_idx. Token types: the default all-zero token_type_ids (bert, roberta).
 * Letters: T tokens, D hidden, H heads, E = D / H, F intermediate, V vocabulary.
 */
final class EncoderRef {
    private EncoderRef() {
    }

    /** The tensor names of one family: prefix and per-layer suffixes. */
    private record Names(String embeddings, String layer, String q, String k, String v, String o, String ln1,
                         String up, String down, String ln2) {
    }

    private static final Names BERT = new Names("embeddings.", "encoder.layer.", "attention.self.query",
            "attention.self.key", "attention.self.value", "attention.output.dense", "attention.output.LayerNorm",
            "intermediate.dense", "output.dense", "output.LayerNorm");
    private static final Names DISTILBERT = new Names("embeddings.", "transformer.layer.", "attention.q_lin",
            "attention.k_lin", "attention.v_lin", "attention.out_lin", "sa_layer_norm", "ffn.lin1", "ffn.lin2",
            "output_layer_norm");

    static Reference run(HfConfig c, Map<String, double[]> t, int[] ids) {
        String type = c.text("model_type", "bert");
        boolean distil = type.equals("distilbert");
        Names n = distil ? DISTILBERT : BERT;
        String m = type + ".";
        int d = c.integer(distil ? "dim" : "hidden_size", 0), h = c.integer(distil ? "n_heads" : "num_attention_heads", 0);
        int layers = c.integer(distil ? "n_layers" : "num_hidden_layers", 0), e = d / h;
        int f = c.integer(distil ? "hidden_dim" : "intermediate_size", 0);
        double eps = distil ? 1e-12 : c.number("layer_norm_eps", 1e-12);  // DistilBERT's LayerNorms are fixed at 1e-12
        String act = c.text(distil ? "activation" : "hidden_act", "gelu");

        double[][] x = RefMath.gather(t.get(m + n.embeddings() + "word_embeddings.weight"), d, ids);  // (T, D)
        double[][] pos = RefMath.gather(t.get(m + n.embeddings() + "position_embeddings.weight"), d, positions(c, type, ids));
        x = RefMath.add(x, pos);
        if (!distil) x = RefMath.add(x, RefMath.gather(t.get(m + "embeddings.token_type_embeddings.weight"), d, new int[ids.length]));
        x = RefMath.layerNorm(x, t.get(m + n.embeddings() + "LayerNorm.weight"), t.get(m + n.embeddings() + "LayerNorm.bias"), eps);

        double[][][][] attentions = new double[layers][][][];  // (L, H, T, T)
        for (int l = 0; l < layers; l++) {
            String p = m + n.layer() + l + ".";
            double[][] q = RefMath.linear(x, t.get(p + n.q() + ".weight"), t.get(p + n.q() + ".bias"), d);  // (T, D)
            double[][] k = RefMath.linear(x, t.get(p + n.k() + ".weight"), t.get(p + n.k() + ".bias"), d);
            double[][] v = RefMath.linear(x, t.get(p + n.v() + ".weight"), t.get(p + n.v() + ".bias"), d);
            RefMath.Attention a = RefMath.attend(q, k, v, h, h, e, Math.pow(e, -0.5), Double.NaN, RefMath.Mask.BIDIRECTIONAL);
            attentions[l] = a.weights();
            double[][] o = RefMath.linear(a.out(), t.get(p + n.o() + ".weight"), t.get(p + n.o() + ".bias"), d);
            x = RefMath.layerNorm(RefMath.add(x, o), t.get(p + n.ln1() + ".weight"), t.get(p + n.ln1() + ".bias"), eps);
            double[][] u = RefMath.linear(x, t.get(p + n.up() + ".weight"), t.get(p + n.up() + ".bias"), f);  // (T, F)
            for (double[] row : u) for (int i = 0; i < f; i++) row[i] = RefMath.act(act, row[i]);
            double[][] down = RefMath.linear(u, t.get(p + n.down() + ".weight"), t.get(p + n.down() + ".bias"), d);
            x = RefMath.layerNorm(RefMath.add(x, down), t.get(p + n.ln2() + ".weight"), t.get(p + n.ln2() + ".bias"), eps);
        }
        return new Reference(attentions, x[ids.length - 1].clone(), null, x);
    }

    /** Row of the position table each token reads. */
    private static int[] positions(HfConfig c, String type, int[] ids) {
        int[] p = new int[ids.length];
        if (!type.equals("roberta")) {
            for (int i = 0; i < p.length; i++) p[i] = i;
            return p;
        }
        int pad = c.integer("pad_token_id", 1), count = 0;
        for (int i = 0; i < p.length; i++) {
            if (ids[i] != pad) count++;
            p[i] = ids[i] == pad ? pad : pad + count;
        }
        return p;
    }
}
