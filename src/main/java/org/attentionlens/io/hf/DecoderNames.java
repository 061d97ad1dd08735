package org.attentionlens.io.hf;

/**
 * Where a Llama-style decoder keeps its tensors, relative to "{root}layers.{l}.": one name per slot, or null when the
 * family has no such tensor. Fused slots (qkv, gateUp) replace their parts. Families differ only here and in
 * their config; the reading is {@link Decoders#weights}.
 *
 * @param attentionNorm       the norm attention reads (or, for norm-after families, null)
 * @param attentionOutputNorm the norm on attention's output (Gemma 2's post_attention_layernorm), or null
 * @param mlpNorm             the norm the MLP reads
 * @param mlpOutputNorm       the norm on the MLP's output, or null
 * @param qkv                 a fused q|k|v projection (Phi-3), else null and q, k, v are used
 * @param gateUp              a fused gate|up projection (Phi-3), else null and gate, up are used
 */
record DecoderNames(String attentionNorm, String attentionOutputNorm, String mlpNorm, String mlpOutputNorm,
                    String q, String k, String v, String qkv, String o, String qNorm, String kNorm,
                    String gate, String up, String gateUp, String down) {

    /** Llama, Mistral, Qwen 2/3, Gemma, SmolLM, TinyLlama. */
    static final DecoderNames LLAMA = new DecoderNames("input_layernorm", null, "post_attention_layernorm", null,
            "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", null, "self_attn.o_proj",
            "self_attn.q_norm", "self_attn.k_norm", "mlp.gate_proj", "mlp.up_proj", null, "mlp.down_proj");

    /** Gemma 2 and 3: a norm on each side of both sublayers. */
    static final DecoderNames SANDWICH = new DecoderNames("input_layernorm", "post_attention_layernorm",
            "pre_feedforward_layernorm", "post_feedforward_layernorm", LLAMA.q, LLAMA.k, LLAMA.v, null, LLAMA.o,
            LLAMA.qNorm, LLAMA.kNorm, LLAMA.gate, LLAMA.up, null, LLAMA.down);

    /** OLMo 2: norms only on the sublayers' outputs. */
    static final DecoderNames NORM_AFTER = new DecoderNames(null, "post_attention_layernorm", null,
            "post_feedforward_layernorm", LLAMA.q, LLAMA.k, LLAMA.v, null, LLAMA.o, LLAMA.qNorm, LLAMA.kNorm,
            LLAMA.gate, LLAMA.up, null, LLAMA.down);

    /** Attention and MLP side by side reading one norm (StableLM's parallel residual): no MLP norm of its own. */
    static final DecoderNames SHARED_NORM = new DecoderNames("input_layernorm", null, null, null, LLAMA.q, LLAMA.k,
            LLAMA.v, null, LLAMA.o, null, null, LLAMA.gate, LLAMA.up, null, LLAMA.down);

    /** Phi-3: fused qkv_proj and gate_up_proj. */
    static final DecoderNames PHI3 = new DecoderNames("input_layernorm", null, "post_attention_layernorm", null,
            null, null, null, "self_attn.qkv_proj", "self_attn.o_proj", null, null, null, null, "mlp.gate_up_proj",
            "mlp.down_proj");
}
