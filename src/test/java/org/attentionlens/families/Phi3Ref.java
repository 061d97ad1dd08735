package org.attentionlens.families;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of phi3 (transformers 5.x modeling_phi3.py): Llama's structure with fused weights —
 * qkv_proj (H·E + 2·K·E, D) split as q = rows [0, H·E), k = the next K·E, v = the last K·E; gate_up_proj (2F, D)
 * split as gate = first F rows, up = last F (`gate, up = chunk(2)`; up · act(gate)). RoPE may be partial
 * (partial_rotary_factor: the first R = E·factor dims rotate) and longrope (short factors up to
 * original_max_position_embeddings, long beyond). E = D / H always. When sliding_window is set, 5.x builds a
 * sliding-window mask for every layer, eager included (early 4.x releases applied it only with flash attention).
 */
final class Phi3Ref {
    private Phi3Ref() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, int seqLen) {
        int d = c.hidden(), hq = c.heads(), hk = c.kvHeads(), e = d / hq, f = c.json.get("intermediate_size").getAsInt();
        Rope rope = Rope.of(c.rope("rope_theta", 10000.0, null), e, c.maxPositions(), seqLen);
        int window = c.integer("sliding_window", 0);
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            double[] qkv = t.get(p + "self_attn.qkv_proj.weight");  // (H·E + 2·K·E, D)
            double[] gateUp = t.get(p + "mlp.gate_up_proj.weight");  // (2F, D)
            layers.add(new CausalDecoder.Layer(
                    RefMath.rows(qkv, d, 0, hq * e), null, RefMath.rows(qkv, d, hq * e, hk * e), null,
                    RefMath.rows(qkv, d, hq * e + hk * e, hk * e), null, t.get(p + "self_attn.o_proj.weight"), null,
                    null, null,
                    new CausalDecoder.Norm(t.get(p + "input_layernorm.weight"), null), null,
                    new CausalDecoder.Norm(t.get(p + "post_attention_layernorm.weight"), null), null,
                    RefMath.rows(gateUp, d, 0, f), RefMath.rows(gateUp, d, f, f), null,
                    t.get(p + "mlp.down_proj.weight"), null, f, rope, window));
        }
        return new CausalDecoder.Spec(d, hq, hk, e, CausalDecoder.NormKind.RMS, c.number("rms_norm_eps", 1e-5),
                CausalDecoder.Placement.PRE, CausalDecoder.QkNorm.NONE, c.text("hidden_act", "silu"),
                t.get("model.embed_tokens.weight"), 1.0, null, layers,
                new CausalDecoder.Norm(t.get("model.norm.weight"), null), t.get("lm_head.weight"), c.vocab(),
                Math.pow(e, -0.5), Double.NaN, Double.NaN);
    }
}
