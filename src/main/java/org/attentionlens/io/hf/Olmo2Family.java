package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Residual;
import org.attentionlens.model.RopeSpec;

import java.util.List;

/**
 * OLMo 2: each sublayer's output is RMS-normed before it joins the stream (no norm before), and q and k are RMS-normed
 * over the whole projection before RoPE.
 */
final class Olmo2Family implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("olmo2");
    }

    @Override
    public String displayName() {
        return "OLMo 2";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        RopeSpec rope = RopeConfig.read(c, null, Decoders.headDim(c), 10000, 1);
        return Decoders.builder(c, id, modelType, false).residual(Residual.NORM_AFTER)
                .qkNorm(AttentionSpec.QkNorm.WHOLE).rope(rope).build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        return Decoders.weights(r, s, DecoderNames.NORM_AFTER);
    }
}
