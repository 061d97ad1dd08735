package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.RopeSpec;

import java.util.List;

/**
 * Qwen 2 / 2.5 (biases on q, k and v, none on the output) and Qwen 3 (no biases unless attention_bias; RMSNorm of each
 * head's q and k before RoPE; head_dim not tied to hidden_size). A sliding window applies only with
 * use_sliding_window, on the layers layer_types marks, or (configs without layer_types) layers ≥ max_window_layers.
 */
final class QwenFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("qwen2", "qwen3");
    }

    @Override
    public String displayName() {
        return "Qwen";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        boolean qwen3 = modelType.equals("qwen3");
        ModelSpec.Builder b = Decoders.builder(c, id, modelType, false);
        if (qwen3) b.qkNorm(AttentionSpec.QkNorm.PER_HEAD);
        else b.biases(true, false);
        int L = c.dimension("num_hidden_layers");
        int window = c.bool("use_sliding_window", false) ? c.count("sliding_window", 0) : 0;
        int firstSliding = c.count("max_window_layers", L);
        RopeSpec rope = RopeConfig.read(c, null, Decoders.headDim(c), 10000, 1);
        Decoders.attention(b, Decoders.layerTypes(c, L, l -> l >= firstSliding), window, rope, rope);
        return b.build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        return Decoders.weights(r, s, DecoderNames.LLAMA);
    }
}
