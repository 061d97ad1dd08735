package org.attentionlens.families;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference description of gemma, gemma2 and gemma3_text (transformers 5.x):
 * <ul>
 * <li>RMSNorm scaling by (1 + w); the embeddings multiplied by sqrt(D) as a tensor of the model's dtype
 *     (`torch.tensor(hidden_size**0.5, dtype=...)`; Gemma 3's embed_scale `.to(weight dtype)`), so a bfloat16
 *     checkpoint multiplies by bf16(sqrt(D)) — reproduced by rounding sqrt(D) to the config's dtype;</li>
 * <li>GeGLU: down(gelu_tanh(gate·x) · up·x) (Gemma 1 reads hidden_act in 5.x; Gemma 2/3 hidden_activation);</li>
 * <li>head tied to the embeddings; Gemma 1 scales attention by E^−½;</li>
 * <li>Gemma 2/3: norms before and after both sublayers; scale query_pre_attn_scalar^−½; attention logits soft-capped
 *     (after scaling, before the mask) and final logits soft-capped when those settings are non-null;
 *     sliding layers per layer_types, which 5.x derives when absent as (i + 1) % 2 ≠ 0 for Gemma 2 (layer 0 slides,
 *     as 4.x's `not bool(layer_idx % 2)` did) and (i + 1) % sliding_window_pattern ≠ 0 for Gemma 3;</li>
 * <li>Gemma 3: q and k RMS-normalised per head (1 + w) before RoPE; sliding layers use RoPE base
 *     rope_local_base_freq (10,000) without scaling, full layers rope_theta with the rope scaling.</li>
 * </ul>
 */
final class GemmaRef {
    private GemmaRef() {
    }

    static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, int seqLen) {
        String type = c.text("model_type", "gemma");
        boolean gemma1 = type.equals("gemma"), gemma3 = type.equals("gemma3_text");
        int d = c.hidden(), e = c.headDim(), f = c.json.get("intermediate_size").getAsInt();
        List<String> types = layerTypes(c, type);
        int window = c.integer("sliding_window", 4096);
        List<CausalDecoder.Layer> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            String a = p + "self_attn.";
            boolean sliding = types.get(l).equals("sliding_attention");
            Rope rope = Rope.of(ropeParameters(c, type, types.get(l)), e, c.maxPositions(), seqLen);
            layers.add(new CausalDecoder.Layer(
                    t.get(a + "q_proj.weight"), null, t.get(a + "k_proj.weight"), null,
                    t.get(a + "v_proj.weight"), null, t.get(a + "o_proj.weight"), null,
                    t.get(a + "q_norm.weight"), t.get(a + "k_norm.weight"),
                    norm(t, p + "input_layernorm.weight"),
                    gemma1 ? null : norm(t, p + "post_attention_layernorm.weight"),
                    gemma1 ? norm(t, p + "post_attention_layernorm.weight") : norm(t, p + "pre_feedforward_layernorm.weight"),
                    gemma1 ? null : norm(t, p + "post_feedforward_layernorm.weight"),
                    t.get(p + "mlp.gate_proj.weight"), t.get(p + "mlp.up_proj.weight"), null,
                    t.get(p + "mlp.down_proj.weight"), null, f, rope, sliding ? window : 0));
        }
        double normalizer = StoredPrecision.round(Math.sqrt(d), c.dtype());
        double scale = gemma1 ? Math.pow(e, -0.5) : Math.pow(c.number("query_pre_attn_scalar", e), -0.5);
        double[] embed = t.get("model.embed_tokens.weight");
        return new CausalDecoder.Spec(d, c.heads(), c.kvHeads(), e, CausalDecoder.NormKind.RMS_ONE_PLUS,
                c.number("rms_norm_eps", 1e-6), gemma1 ? CausalDecoder.Placement.PRE : CausalDecoder.Placement.SANDWICH,
                gemma3 ? CausalDecoder.QkNorm.PER_HEAD : CausalDecoder.QkNorm.NONE,
                c.text(gemma1 ? "hidden_act" : "hidden_activation", "gelu_pytorch_tanh"),
                embed, normalizer, null, layers, norm(t, "model.norm.weight"), embed, c.vocab(), scale,
                c.number("attn_logit_softcapping", Double.NaN), c.number("final_logit_softcapping", Double.NaN));
    }

    private static CausalDecoder.Norm norm(Map<String, double[]> t, String name) {
        return new CausalDecoder.Norm(t.get(name), null);
    }

    private static List<String> layerTypes(HfConfig c, String type) {
        List<String> stored = c.layerTypes();
        if (stored != null) return stored;
        int pattern = type.equals("gemma") ? 0 : type.equals("gemma2") ? 2 : c.integer("sliding_window_pattern", 6);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            types.add(pattern > 0 && (i + 1) % pattern != 0 ? "sliding_attention" : "full_attention");
        }
        return types;
    }

    /** The standardised RoPE parameters of one layer type. */
    private static JsonObject ropeParameters(HfConfig c, String type, String layerType) {
        if (!type.equals("gemma3_text")) return c.rope("rope_theta", 10000.0, null);
        if (c.present("rope_parameters") && c.json.getAsJsonObject("rope_parameters").has(layerType)) {
            JsonObject p = c.json.getAsJsonObject("rope_parameters").getAsJsonObject(layerType).deepCopy();
            c.standardise(p, layerType.equals("sliding_attention") ? 10000.0 : 1_000_000.0, null);
            return p;
        }
        if (layerType.equals("sliding_attention")) {  // 4.x: rope_local_base_freq, plain RoPE
            JsonObject p = new JsonObject();
            c.standardise(p, c.number("rope_local_base_freq", 10000.0), null);
            return p;
        }
        return c.rope("rope_theta", 1_000_000.0, null);
    }
}
