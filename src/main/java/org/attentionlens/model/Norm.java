package org.attentionlens.model;

/**
 * A LayerNorm's parameters.
 *
 * @param gamma (D) scale
 * @param beta  (D) shift
 */
public record Norm(float[] gamma, float[] beta) {
}
