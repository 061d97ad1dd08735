package org.attentionlens.model;

/**
 * One norm's parameters; the kind comes from the model's {@link NormSpec}.
 *
 * @param gamma (D or Dh) scale (for Gemma, 1 + the stored weight)
 * @param beta  (D or Dh) shift, or null (RMSNorm, or a LayerNorm without bias)
 */
public record Norm(float[] gamma, float[] beta) {
    public int width() {
        return gamma.length;
    }
}
