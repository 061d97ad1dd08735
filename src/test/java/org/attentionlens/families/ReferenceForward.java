package org.attentionlens.families;

import java.util.Map;

/**
 * The independent reference forward pass: reads the folder's config.json itself (either layout) and runs the
 * family's definition from transformers 5.x (eager attention) in double precision on the stored weights,
 * ids at positions 0 … T−1, no padding, no cache.
 */
final class ReferenceForward {
    private ReferenceForward() {
    }

    static Reference run(FamilyCheckpoint ckpt, int[] ids) {
        HfConfig c = new HfConfig(ckpt.config());
        Map<String, double[]> t = ckpt.tensors();
        String type = ckpt.modelType();
        return switch (type) {
            case "bert", "roberta", "distilbert" -> EncoderRef.run(c, t, ids);
            default -> CausalDecoder.run(spec(c, t, type, ids.length), ids);
        };
    }

    private static CausalDecoder.Spec spec(HfConfig c, Map<String, double[]> t, String type, int seqLen) {
        return switch (type) {
            case "llama", "mistral", "qwen2", "qwen3", "olmo2" -> LlamaLikeRef.spec(c, t, seqLen);
            case "gemma", "gemma2", "gemma3_text" -> GemmaRef.spec(c, t, seqLen);
            case "phi3" -> Phi3Ref.spec(c, t, seqLen);
            case "gpt_neox" -> NeoxRef.spec(c, t, seqLen);
            case "stablelm" -> StableLmRef.spec(c, t, seqLen);
            case "gpt2" -> Gpt2Ref.spec(c, t);
            default -> throw new IllegalArgumentException("no reference for model_type " + type);
        };
    }
}
