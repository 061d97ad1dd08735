package org.attentionlens.families;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of gpt2 (transformers 5.x modeling_gpt2.py): learned absolute positions (wpe) added to
 * wte, pre-LN blocks (ln_1, ln_2, ln_f), biased projections, gelu_new MLP of width n_inner or 4D, head tied to wte,
 * attention scaled by E^−½ (scale_attn_weights; the cases never set scale_attn_by_inverse_layer_idx or
 * reorder_and_upcast_attn, which this description refuses).
 * Conv1D weights are stored (in, out) and computed as x · W + b, so they are transposed here to the (out, in) of
 * the core; c_attn's 3D output columns are q | k | v, each split into heads of E = D / H consecutive columns.
 */
final class Gpt2Ref {
    private Gpt2Ref() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t) {
        int d = c.json.get("n_embd").getAsInt(), h = c.json.get("n_head").getAsInt(), e = d / h;
        int f = c.integer("n_inner", 4 * d);
        if (c.bool("scale_attn_by_inverse_layer_idx", false) || c.bool("reorder_and_upcast_attn", false)) {
            throw new IllegalArgumentException("the reference covers GPT-2 without per-layer attention scaling");
        }
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.json.get("n_layer").getAsInt(); l++) {
            String p = "transformer.h." + l + ".";
            double[] qkv = RefMath.transpose(t.get(p + "attn.c_attn.weight"), d, 3 * d);  // (3D, D): q, k, v rows
            double[] qkvBias = t.get(p + "attn.c_attn.bias");                              // (3D)
            layers.add(new CausalDecoder.Layer(
                    RefMath.rows(qkv, d, 0, d), RefMath.slice(qkvBias, 0, d),
                    RefMath.rows(qkv, d, d, d), RefMath.slice(qkvBias, d, d),
                    RefMath.rows(qkv, d, 2 * d, d), RefMath.slice(qkvBias, 2 * d, d),
                    RefMath.transpose(t.get(p + "attn.c_proj.weight"), d, d), t.get(p + "attn.c_proj.bias"), null, null,
                    norm(t, p + "ln_1"), null, norm(t, p + "ln_2"), null,
                    null, RefMath.transpose(t.get(p + "mlp.c_fc.weight"), d, f), t.get(p + "mlp.c_fc.bias"),
                    RefMath.transpose(t.get(p + "mlp.c_proj.weight"), f, d), t.get(p + "mlp.c_proj.bias"), f, null, 0));
        }
        double[] wte = t.get("transformer.wte.weight");
        return new CausalDecoder.Spec(d, h, h, e, CausalDecoder.NormKind.LAYER, c.number("layer_norm_epsilon", 1e-5),
                CausalDecoder.Placement.PRE, CausalDecoder.QkNorm.NONE, c.text("activation_function", "gelu_new"),
                wte, 1.0, t.get("transformer.wpe.weight"), layers, norm(t, "transformer.ln_f"), wte, c.vocab(),
                Math.pow(e, -0.5), Double.NaN, Double.NaN);
    }

    private static CausalDecoder.Norm norm(Map<String, double[]> t, String prefix) {
        return new CausalDecoder.Norm(t.get(prefix + ".weight"), t.get(prefix + ".bias"));
    }
}
