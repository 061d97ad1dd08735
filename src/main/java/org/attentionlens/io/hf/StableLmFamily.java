package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.Residual;
import org.attentionlens.model.RopeSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * StableLM 2 and StableLM-3B: a Llama with LayerNorms that have biases, RoPE on the first partial_rotary_factor
 * (0.25) of each head, q/k/v biases with use_qkv_bias, and with use_parallel_residual attention and MLP side by side,
 * both reading input_layernorm. Per-head q/k LayerNorms (qk_layernorm) are refused by name.
 */
final class StableLmFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("stablelm");
    }

    @Override
    public String displayName() {
        return "StableLM";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        if (c.bool("qk_layernorm", false))
            throw c.unsupported("qk_layernorm = true (a separate LayerNorm for each head's q and k) is not supported.");
        RopeSpec rope = RopeConfig.read(c, null, Decoders.headDim(c), 10000, 0.25);
        boolean qkv = c.bool("use_qkv_bias", false);
        return Decoders.builder(c, id, modelType, false).norm(NormSpec.layerNorm(c.epsilon("layer_norm_eps", 1e-5)))
                .biases(qkv, false).rope(rope)
                .residual(c.bool("use_parallel_residual", false) ? Residual.PARALLEL : Residual.PRE_NORM).build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        ModelWeights w = Decoders.weights(r, s, s.residual() == Residual.PARALLEL ? DecoderNames.SHARED_NORM
                : DecoderNames.LLAMA);
        if (s.residual() != Residual.PARALLEL) return w;
        List<LayerWeights> layers = new ArrayList<>(); // one norm read by both sublayers
        for (LayerWeights l : w.layers())
            layers.add(new LayerWeights(l.attentionNorm(), l.attention(), null, l.attentionNorm(), l.mlp(), null));
        return new ModelWeights(w.tokenEmbedding(), null, null, null, layers, w.finalNorm(), w.lmHead());
    }
}
