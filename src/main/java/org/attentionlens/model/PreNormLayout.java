package org.attentionlens.model;

/** GPT-2: x = tok + pos; each block x += attn(ln1(x)); x += mlp(ln2(x)); then ln_f. Legend in {@link ModelConfig}. */
final class PreNormLayout implements BlockLayout {

    @Override
    public void embed(ModelWeights w, ModelConfig c, int[] ids, int pos0, float[] x, Sublayers s) {
        int D = c.dModel();
        for (int t = 0; t < ids.length; t++)
            for (int d = 0; d < D; d++)
                x[t * D + d] = w.tokenEmbedding()[ids[t] * D + d] + w.positionEmbedding()[(pos0 + t) * D + d];
    }

    @Override
    public void block(int layer, ModelWeights w, float[] x, Sublayers s) {
        LayerWeights lw = w.layers().get(layer);
        float[] normed = s.scratchA(), scratch = s.scratchB(); // (T, D) each
        s.norm(normed, x, lw.norm1());
        s.attention(layer, normed, scratch);
        s.add(x, scratch);
        s.norm(normed, x, lw.norm2());
        s.mlp(layer, normed, scratch, false);
        s.add(x, scratch);
    }

    @Override
    public void finish(ModelWeights w, float[] x, Sublayers s) {
        s.norm(x, x, w.finalNorm());
    }
}
