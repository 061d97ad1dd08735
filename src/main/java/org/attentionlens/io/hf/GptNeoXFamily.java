package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpSpec;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.Residual;
import org.attentionlens.model.RopeSpec;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-NeoX and Pythia: LayerNorms with biases, RoPE on the first rotary_pct of each head (θ rotary_emb_base),
 * attention and MLP side by side on the same stream (use_parallel_residual), a plain GELU MLP, an untied head
 * (embed_out), and one fused query_key_value whose rows are grouped per head: (H, q|k|v, Dh).
 */
final class GptNeoXFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("gpt_neox");
    }

    @Override
    public String displayName() {
        return "GPT-NeoX";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        int D = c.dimension("hidden_size"), H = c.dimension("num_attention_heads"), Dh = Decoders.headDim(c, D, H);
        RopeSpec rope = RopeConfig.read(c, null, Dh, c.positive("rotary_emb_base", 10000), c.positive("rotary_pct", 0.25));
        boolean bias = c.bool("attention_bias", true);
        return ModelSpec.builder(id, modelType, c.dimension("num_hidden_layers"), H, Dh, D,
                        c.dimension("intermediate_size"), c.dimension("vocab_size"),
                        c.dimension("max_position_embeddings", 2048))
                .norm(NormSpec.layerNorm(c.epsilon("layer_norm_eps", 1e-5))).biases(bias, bias).rope(rope)
                .mlp(new MlpSpec(false, ActivationNames.of(c, "hidden_act", "gelu"), true))
                .residual(c.bool("use_parallel_residual", true) ? Residual.PARALLEL : Residual.PRE_NORM)
                .lmHead(c.bool("tie_word_embeddings", false) ? ModelSpec.LmHead.TIED : ModelSpec.LmHead.SEPARATE)
                .build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        String root = r.has("gpt_neox.embed_in.weight") ? "gpt_neox." : "";
        int D = s.dModel(), V = s.vocabSize();
        Table embed = r.table(root + "embed_in.weight", V, D, "(vocab_size, hidden_size)");
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) layers.add(layer(r, s, root + "layers." + l + "."));
        Table head = s.lmHead() == ModelSpec.LmHead.SEPARATE
                ? r.table("embed_out.weight", V, D, "(vocab_size, hidden_size)") : null;
        return new ModelWeights(embed, null, null, null, layers,
                r.norm(root + "final_layer_norm.weight", root + "final_layer_norm.bias", D, false), head);
    }

    private static LayerWeights layer(WeightReader r, ModelSpec s, String p) throws ModelLoadException {
        int D = s.dModel(), F = s.dFF(), H = s.heads(), Dh = s.dHead(), Q = s.qWidth();
        boolean bias = s.attention().qkvBias();
        String w = p + "attention.query_key_value.weight", b = p + "attention.query_key_value.bias";
        String legend = "(H · (q|k|v) · Dh, hidden_size)";
        float[] fusedBias = bias ? r.floats(b, legend, 3L * Q) : null;
        AttentionWeights a = new AttentionWeights(
                r.linearRows(w, 3 * Q, D, rows(H, Dh, 0), legend), part(fusedBias, H, Dh, 0),
                r.linearRows(w, 3 * Q, D, rows(H, Dh, 1), legend), part(fusedBias, H, Dh, 1),
                r.linearRows(w, 3 * Q, D, rows(H, Dh, 2), legend), part(fusedBias, H, Dh, 2), null, null,
                r.linear(p + "attention.dense.weight", D, Q, "(hidden_size, hidden_size)"),
                s.attention().outputBias() ? r.floats(p + "attention.dense.bias", "(hidden_size)", D) : null);
        MlpWeights m = new MlpWeights(null, null,
                r.linear(p + "mlp.dense_h_to_4h.weight", F, D, "(intermediate_size, hidden_size)"),
                r.floats(p + "mlp.dense_h_to_4h.bias", "(intermediate_size)", F),
                r.linear(p + "mlp.dense_4h_to_h.weight", D, F, "(hidden_size, intermediate_size)"),
                r.floats(p + "mlp.dense_4h_to_h.bias", "(hidden_size)", D));
        return new LayerWeights(r.norm(p + "input_layernorm.weight", p + "input_layernorm.bias", D, false), a, null,
                r.norm(p + "post_attention_layernorm.weight", p + "post_attention_layernorm.bias", D, false), m, null);
    }

    /** (H·Dh) the fused rows of part (0 q, 1 k, 2 v) of every head: head h's part sits at (3h + part)·Dh. */
    private static int[] rows(int H, int Dh, int part) {
        int[] out = new int[H * Dh];
        for (int h = 0; h < H; h++)
            for (int d = 0; d < Dh; d++) out[h * Dh + d] = (3 * h + part) * Dh + d;
        return out;
    }

    private static float[] part(float[] fused, int H, int Dh, int part) {
        if (fused == null) return null;
        int[] rows = rows(H, Dh, part);
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = fused[rows[i]];
        return out;
    }
}
