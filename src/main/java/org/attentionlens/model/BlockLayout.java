package org.attentionlens.model;

/**
 * How an architecture arranges embeddings, blocks and the final norm around the shared {@link Sublayers}.
 * A new architecture (Llama: RMSNorm, RoPE inside attention, SwiGLU) is one more implementation.
 */
interface BlockLayout {

    /** x (T, D) = the embeddings of ids at positions pos0 …. */
    void embed(ModelWeights w, ModelConfig c, int[] ids, int pos0, float[] x, Sublayers s);

    /** One block, updating the residual stream x (T, D) in place. */
    void block(int layer, ModelWeights w, float[] x, Sublayers s);

    /** x (T, D) after the last block → final hidden states, in place. */
    void finish(ModelWeights w, float[] x, Sublayers s);

    static BlockLayout of(ArchitectureKind kind) {
        return switch (kind) {
            case GPT2 -> new PreNormLayout();
            case BERT -> new PostNormLayout();
        };
    }
}
