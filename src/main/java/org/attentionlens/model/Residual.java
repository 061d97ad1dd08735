package org.attentionlens.model;

/** How a block wires its two sublayers f (attention, then MLP) into the residual stream x, with norms N. */
public enum Residual {
    /** x += f(N(x)): GPT-2, Llama, Mistral, Qwen, Phi-3, Gemma. */
    PRE_NORM,
    /** x += N'(f(N(x))): a norm on each side, Gemma 2 and 3. */
    SANDWICH,
    /** x += N'(f(x)): the norm only on the sublayer's output, OLMo 2. */
    NORM_AFTER,
    /** x = N(x + f(x)): the original Transformer and BERT. */
    POST_NORM,
    /** x += attention(N₁(x)) + mlp(N₂(x)), both reading the same x: GPT-NeoX, Pythia. */
    PARALLEL;

    /** Whether attention reads a norm of x (else x itself). */
    public boolean normBefore() {
        return this == PRE_NORM || this == SANDWICH || this == PARALLEL;
    }

    /** Whether each sublayer's output is normed before it is added. */
    public boolean normAfter() {
        return this == SANDWICH || this == NORM_AFTER;
    }
}
