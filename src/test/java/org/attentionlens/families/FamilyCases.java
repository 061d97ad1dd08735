package org.attentionlens.families;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every case the yardstick writes: each family in F32 in at least one layout, BF16/F16 variants, sharded variants,
 * and one-layer RoPE-scaling cases run at positions past 1,000. Dimensions are tiny (L 2, D 32–64, V ≤ 600).
 * The comment on each line says what the case exercises.
 */
final class FamilyCases {
    private FamilyCases() {
    }

    private static final List<FamilyCase> ALL = build();

    static List<FamilyCase> all() {
        return ALL;
    }

    static FamilyCase named(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no case " + name));
    }

    private static List<FamilyCase> build() {
        List<FamilyCase> l = new ArrayList<>();
        // Llama: Llama-2 style (4.x, plain RoPE, MHA, untied) and Llama-3 style (5.x, llama3 scaling, GQA, tied / untied)
        l.add(c("llama2", "llama", "4.x", "F32", false, 101, 64, 2, 4, 4, 16, 128, 320, 128, 40, "rms_norm_eps", 1e-5));
        l.add(c("llama3-tied", "llama", "5.x", "F32", false, 102, 64, 2, 4, 2, 16, 128, 320, 128, 40, "tie", true,
                "rope_theta", 500000.0, "rope", llama3(32)));
        l.add(c("llama3-untied", "llama", "4.x", "F32", false, 103, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "rope_theta", 500000.0, "rope", llama3(32)));
        l.add(c("llama-attention-bias", "llama", "5.x", "F32", false, 104, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "attention_bias", true));                            // q/k/v/o biases
        l.add(c("llama3-bf16", "llama", "5.x", "BF16", false, 105, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "rope_theta", 500000.0, "rope", llama3(32)));
        l.add(c("llama2-f16", "llama", "4.x", "F16", false, 106, 64, 2, 4, 4, 16, 128, 320, 128, 40));
        l.add(c("llama3-sharded", "llama", "5.x", "F32", true, 107, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "rope_theta", 500000.0, "rope", llama3(32)));  // model.safetensors.index.json + 2 shards
        // Mistral: a window of 8 over 40 tokens, both layouts; head_dim set explicitly
        l.add(c("mistral-sliding", "mistral", "4.x", "F32", false, 201, 64, 2, 4, 2, 16, 128, 320, 128, 40, "sliding_window", 8));
        l.add(c("mistral-sliding-5x", "mistral", "5.x", "F32", false, 202, 64, 2, 4, 1, 24, 128, 320, 128, 40, "sliding_window", 12));
        // Qwen2: q/k/v biases without o bias, tied; sliding windows via 4.x use_sliding_window + max_window_layers
        // (layer 1 slides) and via 5.x layer_types (layer 0 slides; max_window_layers 2 would slide none)
        l.add(c("qwen2", "qwen2", "5.x", "F32", false, 301, 64, 2, 4, 2, 16, 128, 320, 128, 40, "tie", true, "rope_theta", 1_000_000.0));
        l.add(c("qwen2-sliding-4x", "qwen2", "4.x", "F32", false, 302, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "use_sliding_window", true, "sliding_window", 6, "max_window_layers", 1));
        l.add(c("qwen2-sliding-5x", "qwen2", "5.x", "F32", false, 303, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "use_sliding_window", true, "sliding_window", 6, "max_window_layers", 2,
                "layer_types", List.of("sliding_attention", "full_attention")));
        // Qwen3: per-head q_norm / k_norm before RoPE, head_dim ≠ D / H
        l.add(c("qwen3", "qwen3", "5.x", "F32", false, 401, 64, 2, 4, 2, 32, 128, 320, 128, 40, "tie", true, "rope_theta", 1_000_000.0));
        l.add(c("qwen3-4x", "qwen3", "4.x", "F32", false, 402, 64, 2, 4, 2, 24, 128, 320, 128, 40));
        // Gemma: (1 + w) norms, embeddings × sqrt(48) in the model dtype, GeGLU (tanh), one KV head, E 32 ≠ 48 / 4, tied
        l.add(c("gemma", "gemma", "4.x", "F32", false, 501, 48, 2, 4, 1, 32, 96, 320, 128, 40));
        l.add(c("gemma-bf16", "gemma", "5.x", "BF16", false, 502, 48, 2, 4, 1, 32, 96, 320, 128, 40));  // × bf16(sqrt 48) = 6.9375
        l.add(c("gemma-zero-norms", "gemma", "5.x", "F32", false, 503, 48, 2, 4, 1, 32, 96, 320, 128, 40, "zeroNorms", true));
        // Gemma 2: sandwich norms, query_pre_attn_scalar, both soft caps (small, so tanh bites), alternating windows
        l.add(c("gemma2-4x", "gemma2", "4.x", "F32", false, 601, 48, 2, 4, 2, 24, 96, 320, 128, 40, "sliding_window", 6,
                "query_pre_attn_scalar", 20, "attn_logit_softcapping", 5.0, "final_logit_softcapping", 3.0));  // layer 0 slides
        l.add(c("gemma2-5x", "gemma2", "5.x", "F32", false, 602, 48, 2, 4, 2, 24, 96, 320, 128, 40, "sliding_window", 6,
                "query_pre_attn_scalar", 20, "attn_logit_softcapping", 5.0, "final_logit_softcapping", 3.0,
                "layer_types", List.of("full_attention", "sliding_attention")));  // layer 1 slides, as stored
        // Gemma 3 text: per-head (1 + w) q/k norms, local RoPE base for sliding layers, linear scaling on global ones
        l.add(c("gemma3-4x", "gemma3_text", "4.x", "F32", false, 701, 48, 2, 4, 2, 24, 96, 320, 128, 40, "sliding_window", 6,
                "query_pre_attn_scalar", 24, "sliding_window_pattern", 2, "legacyTypeKey", true,
                "rope", Map.of("rope_type", "linear", "factor", 2.0)));
        l.add(c("gemma3-5x", "gemma3_text", "5.x", "F32", false, 702, 48, 2, 4, 2, 24, 96, 320, 128, 40, "sliding_window", 6,
                "query_pre_attn_scalar", 24, "layer_types", List.of("sliding_attention", "full_attention"),
                "rope", Map.of("rope_type", "linear", "factor", 2.0)));
        // Phi-3: fused qkv_proj and gate_up_proj; partial rotary + sliding window + longrope short factors (T ≤ original)
        l.add(c("phi3", "phi3", "5.x", "F32", false, 801, 64, 2, 4, 4, 16, 128, 320, 128, 40));
        l.add(c("phi3-partial-sliding", "phi3", "5.x", "F32", false, 802, 64, 2, 4, 2, 16, 128, 320, 256, 40,
                "partial_rotary_factor", 0.5, "sliding_window", 8, "original_max_position_embeddings", 64,
                "rope", longrope(4)));
        // GPT-NeoX: per-head fused query_key_value, partial rotary, parallel / sequential residual, padded vocab
        l.add(c("neox-parallel", "gpt_neox", "4.x", "F32", false, 901, 64, 2, 4, 4, 16, 128, 336, 128, 40,
                "rotary_pct", 0.5, "use_parallel_residual", true));
        l.add(c("neox-sequential", "gpt_neox", "5.x", "F32", false, 902, 64, 2, 4, 4, 16, 128, 336, 128, 40,
                "rotary_pct", 0.25, "use_parallel_residual", false));
        // GPT-2: Conv1D (in, out) weights, learned positions, tied head; dtypes and shards
        l.add(c("gpt2", "gpt2", "4.x", "F32", false, 1001, 64, 2, 4, 4, 16, 256, 320, 64, 40));
        l.add(c("gpt2-bf16", "gpt2", "5.x", "BF16", false, 1002, 64, 2, 4, 4, 16, 256, 320, 64, 40));
        l.add(c("gpt2-f16", "gpt2", "4.x", "F16", false, 1003, 64, 2, 4, 4, 16, 256, 320, 64, 40));
        l.add(c("gpt2-sharded", "gpt2", "5.x", "F32", true, 1004, 64, 2, 4, 4, 16, 256, 320, 64, 40));
        // Encoders: post-LN, learned positions; BERT token types and erf GELU; RoBERTa positions from 2; DistilBERT names
        l.add(c("bert", "bert", "4.x", "F32", false, 1101, 64, 2, 4, 4, 16, 128, 300, 64, 40));
        l.add(c("roberta", "roberta", "5.x", "F32", false, 1102, 64, 2, 4, 4, 16, 128, 300, 64, 40));
        l.add(c("distilbert", "distilbert", "4.x", "F32", false, 1103, 64, 2, 4, 4, 16, 128, 300, 64, 40));
        // OLMo 2: norms after the sublayers, q/k RMS-normalised over the whole projection
        l.add(c("olmo2", "olmo2", "5.x", "F32", false, 1201, 64, 2, 4, 2, 16, 128, 320, 128, 40, "rms_norm_eps", 1e-5));
        // StableLM: LayerNorm with biases, q/k/v biases, partial rotary; sequential and parallel (one shared norm) residual
        l.add(c("stablelm", "stablelm", "4.x", "F32", false, 1401, 64, 2, 4, 2, 16, 128, 320, 128, 40,
                "use_qkv_bias", true, "partial_rotary_factor", 0.5));
        l.add(c("stablelm-parallel", "stablelm", "5.x", "F32", false, 1402, 64, 2, 4, 4, 16, 128, 320, 128, 40,
                "use_parallel_residual", true));
        // RoPE scaling at positions past 1,000: one layer, D 32, two heads of 16, 1,100 ids
        l.add(c("rope-linear", "llama", "4.x", "F32", false, 1301, 32, 1, 2, 1, 16, 64, 256, 2048, 1100,
                "legacyTypeKey", true, "rope", Map.of("rope_type", "linear", "factor", 4.0)));
        l.add(c("rope-llama3", "llama", "5.x", "F32", false, 1302, 32, 1, 2, 1, 16, 64, 256, 2048, 1100,
                "rope_theta", 500000.0, "rope", llama3(256)));
        l.add(c("rope-yarn", "qwen2", "5.x", "F32", false, 1303, 32, 1, 2, 1, 16, 64, 256, 2048, 1100,
                "rope", Map.of("rope_type", "yarn", "factor", 4.0, "original_max_position_embeddings", 512)));
        l.add(c("rope-longrope", "phi3", "4.x", "F32", false, 1304, 32, 1, 2, 2, 16, 64, 256, 2048, 1100,
                "legacyTypeKey", true, "original_max_position_embeddings", 256, "rope", longrope(8)));
        return List.copyOf(l);
    }

    /** Llama 3.1's scaling keys with a small original context. */
    private static Map<String, Object> llama3(int original) {
        return Map.of("rope_type", "llama3", "factor", 8.0, "low_freq_factor", 1.0, "high_freq_factor", 4.0,
                "original_max_position_embeddings", original);
    }

    /** longrope factors for R / 2 frequencies: short near 1, long growing with the wavelength. */
    private static Map<String, Object> longrope(int n) {
        List<Double> shortF = new ArrayList<>(), longF = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shortF.add(1.0 + 0.05 * i);
            longF.add(1.0 + 1.5 * i);
        }
        return Map.of("rope_type", "longrope", "short_factor", shortF, "long_factor", longF);
    }

    private static FamilyCase c(String name, String type, String layout, String dtype, boolean sharded, long seed,
                                int d, int layers, int heads, int kvHeads, int headDim, int f, int vocab, int context,
                                int length, Object... options) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) o.put((String) options[i], options[i + 1]);
        return new FamilyCase(name, type, layout, dtype, sharded, seed, d, layers, heads, kvHeads, headDim, f, vocab,
                context, length, java.util.Collections.unmodifiableMap(o));
    }
}
