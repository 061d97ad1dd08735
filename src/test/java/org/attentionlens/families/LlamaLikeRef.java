package org.attentionlens.families;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of llama, mistral, qwen2, qwen3 and olmo2 (transformers 5.x modeling_*.py):
 * RMSNorm, SwiGLU-style gated MLP (act = hidden_act), RoPE from rope_parameters, scale E^−½, head lm_head or the
 * tied embeddings. Differences: qwen2 has q/k/v biases (no o bias); llama's attention_bias adds all four;
 * qwen3 RMS-normalises each head of q and k (over E) before RoPE; olmo2 normalises the whole q and k projections
 * and puts its norms after the sublayers; mistral slides every layer when sliding_window is set; qwen2/qwen3 slide
 * the layers whose layer_types entry is "sliding_attention" — derived, when a 4.x file has no layer_types, as
 * i ≥ max_window_layers — and only if use_sliding_window (5.x sets the window to None otherwise).
 */
final class LlamaLikeRef {
    private LlamaLikeRef() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, int seqLen) {
        String type = c.text("model_type", "llama");
        int d = c.hidden(), e = c.headDim(), hq = c.heads(), hk = c.kvHeads(), f = c.json.get("intermediate_size").getAsInt();
        int[] windows = windows(c, type);
        Rope rope = Rope.of(c.rope("rope_theta", 10000.0, null), e, c.maxPositions(), seqLen);
        boolean olmo = type.equals("olmo2");
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            CausalDecoder.Norm post = new CausalDecoder.Norm(t.get(p + "post_attention_layernorm.weight"), null);
            layers.add(new CausalDecoder.Layer(
                    t.get(a + "q_proj.weight"), t.get(a + "q_proj.bias"), t.get(a + "k_proj.weight"), t.get(a + "k_proj.bias"),
                    t.get(a + "v_proj.weight"), t.get(a + "v_proj.bias"), t.get(a + "o_proj.weight"), t.get(a + "o_proj.bias"),
                    t.get(a + "q_norm.weight"), t.get(a + "k_norm.weight"),
                    olmo ? null : new CausalDecoder.Norm(t.get(p + "input_layernorm.weight"), null),
                    olmo ? post : null,
                    olmo ? null : post,  // llama's "post_attention_layernorm" is the norm before the MLP
                    olmo ? new CausalDecoder.Norm(t.get(p + "post_feedforward_layernorm.weight"), null) : null,
                    t.get(p + "mlp.gate_proj.weight"), t.get(p + "mlp.up_proj.weight"), t.get(p + "mlp.up_proj.bias"),
                    t.get(p + "mlp.down_proj.weight"), t.get(p + "mlp.down_proj.bias"), f, rope, windows[l]));
        }
        CausalDecoder.QkNorm qk = type.equals("qwen3") ? CausalDecoder.QkNorm.PER_HEAD
                : olmo ? CausalDecoder.QkNorm.WHOLE : CausalDecoder.QkNorm.NONE;
        double[] embed = t.get("model.embed_tokens.weight");
        double[] head = c.bool("tie_word_embeddings", false) ? embed : t.get("lm_head.weight");
        return new CausalDecoder.Spec(d, hq, hk, e, CausalDecoder.NormKind.RMS, c.number("rms_norm_eps", 1e-6),
                olmo ? CausalDecoder.Placement.POST : CausalDecoder.Placement.PRE, qk, c.text("hidden_act", "silu"),
                embed, 1.0, null, layers, new CausalDecoder.Norm(t.get("model.norm.weight"), null), head, c.vocab(),
                Math.pow(e, -0.5), Double.NaN, Double.NaN);
    }

    /** The sliding window of each layer, 0 for full attention. */
    private static int[] windows(HfConfig c, String type) {
        int[] w = new int[c.layers()];
        switch (type) {
            case "mistral" -> java.util.Arrays.fill(w, c.integer("sliding_window", 0));
            case "qwen2", "qwen3" -> {
                if (!c.bool("use_sliding_window", false) || !c.present("sliding_window")) return w;
                int window = c.json.get("sliding_window").getAsInt();
                List<String> types = c.layerTypes();
                int from = c.integer("max_window_layers", 28);
                for (int l = 0; l < w.length; l++) {
                    boolean sliding = types != null ? types.get(l).equals("sliding_attention") : l >= from;
                    w[l] = sliding ? window : 0;
                }
            }
            default -> { }
        }
        return w;
    }
}
