package org.attentionlens.model;

/**
 * One candidate for the next token.
 *
 * @param id       vocabulary id
 * @param text     the token's text, e.g. " mat"
 * @param p        the model's probability (softmax of the logits, temperature 1)
 * @param pSampled the probability under the sampler (after temperature, top-k and top-p); 0 if filtered out
 */
public record TokenChoice(int id, String text, double p, double pSampled) {
}
