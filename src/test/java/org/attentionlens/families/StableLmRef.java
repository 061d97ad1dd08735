package org.attentionlens.families;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of stablelm (StableLM 2 / 3B, transformers modeling_stablelm.py): LayerNorm (with bias)
 * pre-norm blocks, q/k/v biases when use_qkv_bias, no o bias, gated SiLU MLP, RoPE on the first
 * E · partial_rotary_factor dims, scale E^−½, untied head. With use_parallel_residual the MLP reads the same
 * input_layernorm output as attention: h + attn(ln(h)) + mlp(ln(h)). qk_layernorm (per-head LayerNorms) is not
 * covered: the description refuses it.
 */
final class StableLmRef {
    private StableLmRef() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, int seqLen) {
        if (c.bool("qk_layernorm", false)) throw new IllegalArgumentException("qk_layernorm is not covered");
        int d = c.hidden(), hq = c.heads(), hk = c.kvHeads(), e = d / hq, f = c.json.get("intermediate_size").getAsInt();
        boolean parallel = c.bool("use_parallel_residual", false);
        Rope rope = Rope.of(c.rope("rope_theta", 10000.0, c.present("partial_rotary_factor") ? null : Double.valueOf(0.25)),
                e, c.maxPositions(), seqLen);
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            CausalDecoder.Norm in = norm(t, p + "input_layernorm");
            layers.add(new CausalDecoder.Layer(
                    t.get(a + "q_proj.weight"), t.get(a + "q_proj.bias"), t.get(a + "k_proj.weight"), t.get(a + "k_proj.bias"),
                    t.get(a + "v_proj.weight"), t.get(a + "v_proj.bias"), t.get(a + "o_proj.weight"), null, null, null,
                    in, null, parallel ? in : norm(t, p + "post_attention_layernorm"), null,
                    t.get(p + "mlp.gate_proj.weight"), t.get(p + "mlp.up_proj.weight"), null,
                    t.get(p + "mlp.down_proj.weight"), null, f, rope, 0));
        }
        return new CausalDecoder.Spec(d, hq, hk, e, CausalDecoder.NormKind.LAYER, c.number("layer_norm_eps", 1e-5),
                parallel ? CausalDecoder.Placement.PARALLEL : CausalDecoder.Placement.PRE, CausalDecoder.QkNorm.NONE,
                c.text("hidden_act", "silu"), t.get("model.embed_tokens.weight"), 1.0, null, layers,
                norm(t, "model.norm"), t.get("lm_head.weight"), c.vocab(), Math.pow(e, -0.5), Double.NaN, Double.NaN);
    }

    private static CausalDecoder.Norm norm(Map<String, double[]> t, String prefix) {
        return new CausalDecoder.Norm(t.get(prefix + ".weight"), t.get(prefix + ".bias"));
    }
}
