package org.attentionlens.families;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of gpt_neox (transformers 5.x modeling_gpt_neox.py): LayerNorms with biases, biased
 * projections, exact-erf GELU MLP (dense_h_to_4h, dense_4h_to_h), untied embed_in / embed_out, scale E^−½.
 * query_key_value (3D, D) is viewed per head as (H, 3·E): head h's q, k, v are rows [3Eh, 3Eh+E), [3Eh+E, 3Eh+2E),
 * [3Eh+2E, 3Eh+3E) (`qkv.view(..., -1, 3 * head_size).chunk(3)`). RoPE rotates the first R = E · rotary_pct dims.
 * use_parallel_residual: h + attn(ln1(h)) + mlp(ln2(h)); else h' = h + attn(ln1(h)), h' + mlp(ln2(h')).
 * The partial factor: 4.x files say rotary_pct; 5.x files say rope_parameters.partial_rotary_factor. (Early 5.x
 * releases overwrote the latter with rotary_pct's default 0.25 on load; later ones keep it — the cases use 0.25
 * in 5.x files so that both agree.)
 */
final class NeoxRef {
    private NeoxRef() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, int seqLen) {
        int d = c.hidden(), h = c.heads(), e = d / h, f = c.json.get("intermediate_size").getAsInt();
        Double partial = c.present("rotary_pct") ? Double.valueOf(c.number("rotary_pct", 0.25))
                : c.present("rope_parameters") && c.json.getAsJsonObject("rope_parameters").has("partial_rotary_factor")
                ? null : Double.valueOf(0.25);
        Rope rope = Rope.of(c.rope("rotary_emb_base", 10000.0, partial), e, c.maxPositions(), seqLen);
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "gpt_neox.layers." + l + ".";
            double[] qkv = t.get(p + "attention.query_key_value.weight");  // (3D, D), rows (H, 3, E)
            double[] qkvBias = t.get(p + "attention.query_key_value.bias"); // (3D)
            double[][] w = new double[3][d * d], b = new double[3][d];       // q, k, v: (D, D), (D)
            for (int head = 0; head < h; head++) {
                for (int part = 0; part < 3; part++) {
                    int from = head * 3 * e + part * e;  // first row of this head's part
                    System.arraycopy(qkv, from * d, w[part], head * e * d, e * d);
                    System.arraycopy(qkvBias, from, b[part], head * e, e);
                }
            }
            layers.add(new CausalDecoder.Layer(w[0], b[0], w[1], b[1], w[2], b[2],
                    t.get(p + "attention.dense.weight"), t.get(p + "attention.dense.bias"), null, null,
                    norm(t, p + "input_layernorm"), null, norm(t, p + "post_attention_layernorm"), null,
                    null, t.get(p + "mlp.dense_h_to_4h.weight"), t.get(p + "mlp.dense_h_to_4h.bias"),
                    t.get(p + "mlp.dense_4h_to_h.weight"), t.get(p + "mlp.dense_4h_to_h.bias"), f, rope, 0));
        }
        return new CausalDecoder.Spec(d, h, h, e, CausalDecoder.NormKind.LAYER, c.number("layer_norm_eps", 1e-5),
                c.bool("use_parallel_residual", true) ? CausalDecoder.Placement.PARALLEL : CausalDecoder.Placement.PRE,
                CausalDecoder.QkNorm.NONE, c.text("hidden_act", "gelu"), t.get("gpt_neox.embed_in.weight"), 1.0, null,
                layers, norm(t, "gpt_neox.final_layer_norm"), t.get("embed_out.weight"), c.vocab(),
                Math.pow(e, -0.5), Double.NaN, Double.NaN);
    }

    private static CausalDecoder.Norm norm(Map<String, double[]> t, String prefix) {
        return new CausalDecoder.Norm(t.get(prefix + ".weight"), t.get(prefix + ".bias"));
    }
}
