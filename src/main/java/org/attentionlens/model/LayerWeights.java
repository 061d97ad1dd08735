package org.attentionlens.model;

/**
 * One block's weights, read-only. Which norms are present follows the model's {@link Residual}: pre-norm
 * families read {@code attentionNorm} and {@code mlpNorm} before their sublayers; post-norm (BERT) applies them
 * after the residual add; sandwich (Gemma 2) and norm-after (OLMo 2) also norm each sublayer's output.
 * Legend as in {@link ModelSpec}.
 *
 * @param attentionNorm       (D) the attention sublayer's norm, or null (norm-after)
 * @param attention           the projections
 * @param attentionOutputNorm (D) the norm on attention's output before the add (sandwich, norm-after), or null
 * @param mlpNorm             (D) the MLP's norm, or null (norm-after)
 * @param mlp                 the feed-forward weights
 * @param mlpOutputNorm       (D) the norm on the MLP's output before the add, or null
 */
public record LayerWeights(Norm attentionNorm, AttentionWeights attention, Norm attentionOutputNorm, Norm mlpNorm,
                           MlpWeights mlp, Norm mlpOutputNorm) {
}
