package org.attentionlens.model;

/** The architectures the forward pass knows; Llama-style (RoPE, RMSNorm, SwiGLU, GQA) would be one more entry. */
public enum ArchitectureKind {
    /** Causal; learned positions; pre-LayerNorm; gelu_new; LM head tied to the token embedding. */
    GPT2("gpt2", true),
    /** Bidirectional; learned positions and token types; post-LayerNorm; erf gelu; no LM head. */
    BERT("bert", false);

    private final String key;
    private final boolean causal;

    ArchitectureKind(String key, boolean causal) {
        this.key = key;
        this.causal = causal;
    }

    /** The name used in config files, JSON export and messages. */
    public String key() {
        return key;
    }

    public boolean causal() {
        return causal;
    }
}
