package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.EmbeddingSpec;
import org.attentionlens.model.MlpSpec;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.Residual;
import org.attentionlens.model.RopeFrequencies;
import org.attentionlens.model.RopeSpec;
import org.attentionlens.tensor.DType;

import java.util.List;

/**
 * Gemma 1, 2 and 3 (text): embeddings × √D (in the model's dtype), RMSNorm scaling by (1 + w), GeGLU (gelu_pytorch_tanh), tied head, wide
 * heads. Gemma 2 and 3 put a norm on each side of both sublayers, scale scores by query_pre_attn_scalar^−½ and
 * alternate sliding-window and full layers (Gemma 2: even layers slide; Gemma 3: all but every
 * sliding_window_pattern-th). Gemma 2 soft-caps scores and logits; Gemma 3 norms each head's q and k and gives
 * sliding layers their own RoPE base (rope_local_base_freq).
 */
final class GemmaFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("gemma", "gemma2", "gemma3_text");
    }

    @Override
    public String displayName() {
        return "Gemma";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        ModelSpec.Builder b = Decoders.builder(c, id, modelType, true);
        int D = c.dimension("hidden_size"), L = c.dimension("num_hidden_layers"), Dh = Decoders.headDim(c);
        b.embedding(new EmbeddingSpec(false, 0, 0, normalizer(c, D), false))
                .norm(new NormSpec(NormSpec.Kind.RMS_NORM, c.epsilon("rms_norm_eps", 1e-6), true))
                .mlp(new MlpSpec(true, ActivationNames.of(c, c.has("hidden_activation") ? "hidden_activation" : "hidden_act",
                        "gelu_pytorch_tanh"), false)); // Google's configs say hidden_act "gelu" but trained with tanh
        if (modelType.equals("gemma")) {
            RopeSpec rope = RopeConfig.read(c, null, Dh, 10000, 1);
            return b.rope(rope).build();
        }
        b.residual(Residual.SANDWICH)
                .scale((float) (1.0 / Math.sqrt(c.positive("query_pre_attn_scalar", Dh))))
                .softcap(c.softcap("attn_logit_softcapping"), c.softcap("final_logit_softcapping"));
        int window = c.count("sliding_window", 4096);
        if (modelType.equals("gemma2")) {
            RopeSpec rope = RopeConfig.read(c, null, Dh, 10000, 1);
            Decoders.attention(b, Decoders.layerTypes(c, L, l -> l % 2 == 0), window, rope, rope);
        } else {
            int pattern = c.dimension("sliding_window_pattern", 6);
            b.qkNorm(AttentionSpec.QkNorm.PER_HEAD);
            RopeSpec global = RopeConfig.read(c, Decoders.FULL, Dh, 1_000_000, 1);
            RopeSpec local = c.object("rope_parameters") != null
                    ? RopeConfig.read(c, Decoders.SLIDING, Dh, 10000, 1)
                    : RopeFrequencies.standard(c.positive("rope_local_base_freq", 10000), Dh, false);
            Decoders.attention(b, Decoders.layerTypes(c, L, l -> (l + 1) % pattern != 0), window, global, local);
        }
        return b.build();
    }

    /**
     * √D as Hugging Face multiplies by it: a tensor in the model's dtype, so a bfloat16 or float16 checkpoint
     * (config dtype, or torch_dtype in 4.x files) scales by √D rounded to that type (√2304 = 48 either way; √48 is
     * 6.9375 in bfloat16).
     */
    private static float normalizer(HfConfig c, int D) throws ModelLoadException {
        float root = (float) Math.sqrt(D);
        return switch (c.string("dtype", c.string("torch_dtype", "float32"))) {
            case "bfloat16" -> DType.BF16.widen(DType.BF16.narrow(root));
            case "float16" -> DType.F16.widen(DType.F16.narrow(root));
            default -> root;
        };
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        return Decoders.weights(r, s, s.residual() == Residual.SANDWICH ? DecoderNames.SANDWICH : DecoderNames.LLAMA);
    }
}
