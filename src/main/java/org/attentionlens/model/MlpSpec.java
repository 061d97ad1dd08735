package org.attentionlens.model;

import org.attentionlens.tensor.Activation;

/**
 * The feed-forward sublayer. Legend: D width, F hidden width.
 *
 * @param gated      down(act(gate(x)) · up(x)) (SwiGLU, GeGLU: Llama, Gemma) instead of down(act(up(x))) (GPT-2, BERT)
 * @param activation the nonlinearity
 * @param bias       whether the projections have biases
 */
public record MlpSpec(boolean gated, Activation activation, boolean bias) {
    /** "SwiGLU", "GeGLU", "GELU MLP", …, for captions. */
    public String label() {
        String act = switch (activation) {
            case SILU -> "SiLU";
            case RELU -> "ReLU";
            default -> "GELU";
        };
        if (!gated) return act + " MLP";
        return activation == Activation.SILU ? "SwiGLU" : activation == Activation.RELU ? "ReGLU" : "GeGLU";
    }
}
