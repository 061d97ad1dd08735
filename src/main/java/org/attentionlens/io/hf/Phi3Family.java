package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.RopeSpec;

import java.util.List;

/**
 * Phi-3 and Phi-4-mini: a Llama with fused projections (qkv_proj rows q | k | v, gate_up_proj rows gate | up), RoPE
 * with LongRoPE scaling in the long-context versions and partial_rotary_factor in Phi-4-mini, and a sliding window
 * (sliding_window) on every layer when set.
 */
final class Phi3Family implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("phi3");
    }

    @Override
    public String displayName() {
        return "Phi-3";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        ModelSpec.Builder b = Decoders.builder(c, id, modelType, false);
        int L = c.dimension("num_hidden_layers"), window = c.count("sliding_window", 0);
        RopeSpec rope = RopeConfig.read(c, null, Decoders.headDim(c), 10000, 1);
        Decoders.attention(b, Decoders.layerTypes(c, L, l -> window > 0), window, rope, rope);
        return b.build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        return Decoders.weights(r, s, DecoderNames.PHI3);
    }
}
