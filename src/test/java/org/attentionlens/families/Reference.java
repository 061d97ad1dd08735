package org.attentionlens.families;

/**
 * What the reference forward pass gives for one id sequence.
 *
 * @param attentions (L, H, T, T) softmax weights per layer and head, exactly 0 where masked
 * @param hiddenLast (D) the last position after the final norm (encoders: the last layer's output)
 * @param logitsLast (V) the last position's logits after any final soft cap; null for encoders
 * @param hidden     (T, D) as hiddenLast, for every position
 */
record Reference(double[][][][] attentions, double[] hiddenLast, double[] logitsLast, double[][] hidden) {
}
