package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-2 (gpt2, distilgpt2, gpt2-medium…, and brown-gpt): learned positions, pre-LayerNorm, tanh GELU, biases, and
 * Conv1D weights already stored (in, out); c_attn's columns are q | k | v. Names with or without "transformer.";
 * the causal-mask buffers attn.bias / attn.masked_bias are ignored; lm_head.weight absent or equal to wte is the
 * tied head, a different one is the model's own.
 */
final class Gpt2Family implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("gpt2");
    }

    @Override
    public String displayName() {
        return "GPT-2";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        int D = c.dimension("n_embd"), H = c.dimension("n_head");
        if (D % H != 0) throw c.unsupported("n_embd " + D + " is not divisible by n_head " + H + ".");
        int N = c.has("n_positions") ? c.dimension("n_positions") : c.dimension("n_ctx");
        int F = c.dimension("n_inner", 4 * D);
        if (!c.string("activation_function", "gelu_new").matches("gelu_new|gelu_pytorch_tanh|gelu_fast"))
            throw c.unsupported("activation_function '" + JsonMessages.excerpt(c.string("activation_function", "")) + "' is not supported; "
                    + "GPT-2 folders must use gelu_new (or gelu_pytorch_tanh).");
        if (c.bool("scale_attn_by_inverse_layer_idx", false))
            throw c.unsupported("scale_attn_by_inverse_layer_idx = true is not supported.");
        if (!c.bool("scale_attn_weights", true)) throw c.unsupported("scale_attn_weights = false is not supported.");
        ModelSpec s = ModelSpec.gpt2(id, c.dimension("n_layer"), H, D, F, c.dimension("vocab_size"), N,
                c.epsilon("layer_norm_epsilon", 1e-5));
        boolean ownHead = tensors.has("lm_head.weight") && !tensors.sameData("lm_head.weight", root(tensors) + "wte.weight");
        return ownHead ? s.withLmHead(ModelSpec.LmHead.SEPARATE) : s;
    }

    private static String root(WeightReader r) {
        return r.has("transformer.wte.weight") ? "transformer." : "";
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        String root = root(r);
        int D = s.dModel(), V = s.vocabSize(), N = s.context();
        Table wte = r.table(root + "wte.weight", V, D, "(vocab_size, n_embd)");
        Table wpe = r.table(root + "wpe.weight", N, D, "(n_positions, n_embd)");
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) layers.add(layer(r, s, root + "h." + l + "."));
        Table head = s.lmHead() == ModelSpec.LmHead.SEPARATE ? r.table("lm_head.weight", V, D, "(vocab_size, n_embd)") : null;
        return new ModelWeights(wte, wpe, null, null, layers, norm(r, root + "ln_f", D), head);
    }

    private static LayerWeights layer(WeightReader r, ModelSpec s, String p) throws ModelLoadException {
        int D = s.dModel(), F = s.dFF();
        String w = p + "attn.c_attn.weight", b = p + "attn.c_attn.bias", legend = "(n_embd, 3·n_embd)";
        AttentionWeights a = new AttentionWeights(
                r.conv1dColumns(w, D, 3 * D, 0, D, legend), r.floatsPart(b, legend, 3 * D, 0, D),
                r.conv1dColumns(w, D, 3 * D, D, D, legend), r.floatsPart(b, legend, 3 * D, D, D),
                r.conv1dColumns(w, D, 3 * D, 2 * D, D, legend), r.floatsPart(b, legend, 3 * D, 2 * D, D), null, null,
                r.conv1dColumns(p + "attn.c_proj.weight", D, D, 0, D, "(n_embd, n_embd)"),
                r.floats(p + "attn.c_proj.bias", "(n_embd)", D));
        MlpWeights m = new MlpWeights(null, null,
                r.conv1dColumns(p + "mlp.c_fc.weight", D, F, 0, F, "(n_embd, n_inner)"), r.floats(p + "mlp.c_fc.bias", "(n_inner)", F),
                r.conv1dColumns(p + "mlp.c_proj.weight", F, D, 0, D, "(n_inner, n_embd)"), r.floats(p + "mlp.c_proj.bias", "(n_embd)", D));
        return new LayerWeights(norm(r, p + "ln_1", D), a, null, norm(r, p + "ln_2", D), m, null);
    }

    private static Norm norm(WeightReader r, String name, int D) throws ModelLoadException {
        return r.norm(name + ".weight", name + ".bias", D, false);
    }
}
