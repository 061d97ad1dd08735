package org.attentionlens.model;

import org.attentionlens.tensor.Matrix;

/**
 * One block's attention projections, read-only. Matrices are (in, out), y = x·W + b; fused checkpoint tensors
 * (GPT-2's c_attn, Phi-3's qkv_proj, GPT-NeoX's per-head query_key_value) are split by the loader.
 * Legend as in {@link ModelSpec}.
 *
 * @param wq    (D, H·Dh)   query projection;  bq (H·Dh) or null
 * @param wk    (D, Hkv·Dh) key projection;    bk (Hkv·Dh) or null
 * @param wv    (D, Hkv·Dh) value projection;  bv (Hkv·Dh) or null
 * @param qNorm (Dh) per head, or (H·Dh) over the whole projection, applied to q before RoPE; or null
 * @param kNorm (Dh) or (Hkv·Dh) likewise for k; or null
 * @param wo    (H·Dh, D)   output projection; bo (D) or null. Rows h·Dh … (h+1)·Dh are head h's slice W_O^h
 */
public record AttentionWeights(Matrix wq, float[] bq, Matrix wk, float[] bk, Matrix wv, float[] bv, Norm qNorm,
                               Norm kNorm, Matrix wo, float[] bo) {
}
