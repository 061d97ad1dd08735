package org.attentionlens.model;

/**
 * BERT: x = LN(tok + pos + type₀); each block x = LN1(x + attn(x)); x = LN2(x + mlp(x)).
 * Single sequences only, so every token has type 0 and no padding mask. Legend in {@link ModelConfig}.
 */
final class PostNormLayout implements BlockLayout {

    @Override
    public void embed(ModelWeights w, ModelConfig c, int[] ids, int pos0, float[] x, Sublayers s) {
        int D = c.dModel();
        for (int t = 0; t < ids.length; t++)
            for (int d = 0; d < D; d++)
                x[t * D + d] = w.tokenEmbedding()[ids[t] * D + d] + w.positionEmbedding()[(pos0 + t) * D + d]
                        + w.typeEmbedding()[d];
        s.norm(x, x, w.embeddingNorm());
    }

    @Override
    public void block(int layer, ModelWeights w, float[] x, Sublayers s) {
        LayerWeights lw = w.layers().get(layer);
        float[] scratch = s.scratchA(); // (T, D)
        s.attention(layer, x, scratch);
        s.add(x, scratch);
        s.norm(x, x, lw.norm1());
        s.mlp(layer, x, scratch, true);
        s.add(x, scratch);
        s.norm(x, x, lw.norm2());
    }

    @Override
    public void finish(ModelWeights w, float[] x, Sublayers s) {
    }
}
