package org.attentionlens.model;

import org.attentionlens.tensor.Matrix;

/**
 * One transformer block's weights, read-only. Matrices are (in, out) so that y = x·W + b.
 * Fused checkpoints (GPT-2's c_attn) are split into wq, wk, wv by the loader.
 *
 * @param wq    (D, H·Dh)   query projection;  bq (H·Dh)
 * @param wk    (D, Hkv·Dh) key projection;    bk (Hkv·Dh)
 * @param wv    (D, Hkv·Dh) value projection;  bv (Hkv·Dh)
 * @param wo    (H·Dh, D)   output projection; bo (D); rows h·Dh … (h+1)·Dh are head h's slice W_O^h
 * @param norm1 the norm before attention (GPT-2, pre-LN) or after it (BERT, post-LN)
 * @param w1    (D, F) MLP up-projection;   b1 (F)
 * @param w2    (F, D) MLP down-projection; b2 (D)
 * @param norm2 the norm before the MLP (GPT-2) or after it (BERT)
 */
public record LayerWeights(Matrix wq, float[] bq, Matrix wk, float[] bk, Matrix wv, float[] bv,
                           Matrix wo, float[] bo, Norm norm1,
                           Matrix w1, float[] b1, Matrix w2, float[] b2, Norm norm2) {
}
