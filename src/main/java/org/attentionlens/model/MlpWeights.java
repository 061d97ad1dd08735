package org.attentionlens.model;

import org.attentionlens.tensor.Matrix;

/**
 * One block's feed-forward weights, read-only, (in, out). Legend as in {@link ModelSpec}.
 *
 * @param gate (D, F) the gate of a gated MLP (SwiGLU, GeGLU), or null for a plain MLP; bGate (F) or null
 * @param up   (D, F) the up-projection;   bUp (F) or null
 * @param down (F, D) the down-projection; bDown (D) or null
 */
public record MlpWeights(Matrix gate, float[] bGate, Matrix up, float[] bUp, Matrix down, float[] bDown) {
}
