package org.attentionlens.tensor;

/** The MLP nonlinearities of the supported families, by their Hugging Face names. */
public enum Activation {
    /** 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))): gelu_new, gelu_pytorch_tanh, gelu_fast (GPT-2, Gemma). */
    GELU_TANH,
    /** x·Φ(x) with the exact erf: gelu (BERT, GPT-NeoX). */
    GELU_ERF,
    /** x·σ(x): silu / swish (Llama, Mistral, Qwen, Phi-3). */
    SILU,
    /** max(0, x). */
    RELU;

    /** The scalar definition, the reference every kernel is tested against. */
    public float apply(float x) {
        return switch (this) {
            case GELU_TANH -> Activations.geluTanh(x);
            case GELU_ERF -> Activations.geluErf(x);
            case SILU -> (float) (x / (1.0 + Math.exp(-x)));
            case RELU -> Math.max(0f, x);
        };
    }
}
