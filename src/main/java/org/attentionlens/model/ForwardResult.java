package org.attentionlens.model;

/**
 * What a forward pass returns (captures go to the observer).
 *
 * @param hidden     (T, D) final hidden states of the new tokens (GPT-2: after ln_f; BERT: the last block's output)
 * @param logitsLast (V) next-token logits at the last new position, or null for an encoder
 */
public record ForwardResult(float[] hidden, float[] logitsLast) {
}
