package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.RopeSpec;

import java.util.List;

/**
 * Llama 2 and 3.x (and models built on them: SmolLM2, TinyLlama) and Mistral: RMSNorm, RoPE (θ 10,000 unless given,
 * any supported scaling), grouped-query attention, SwiGLU, optional biases. Mistral adds a sliding window
 * (sliding_window, when set, on every layer unless layer_types says otherwise).
 */
final class LlamaFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("llama", "mistral");
    }

    @Override
    public String displayName() {
        return "Llama";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        ModelSpec.Builder b = Decoders.builder(c, id, modelType, false);
        int L = c.dimension("num_hidden_layers");
        int window = modelType.equals("mistral") ? c.count("sliding_window", 0) : 0; // Llama ignores the key
        RopeSpec rope = RopeConfig.read(c, null, Decoders.headDim(c), 10000, 1);
        Decoders.attention(b, Decoders.layerTypes(c, L, l -> window > 0), window, rope, rope);
        return b.build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        return Decoders.weights(r, s, DecoderNames.LLAMA);
    }
}
