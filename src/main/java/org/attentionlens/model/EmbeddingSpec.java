package org.attentionlens.model;

/**
 * How token ids become the residual stream entering layer 0. Legend: D width, N positions.
 *
 * @param learnedPositions whether a learned position table (N, D) is added (GPT-2, BERT)
 * @param positionOffset   position p reads row p + offset: RoBERTa's padding_idx + 1 (2), else 0
 * @param typeVocab        BERT's token-type rows (every token has type 0), or 0 for none
 * @param scale            the embeddings are multiplied by this (Gemma: √D), else 1
 * @param norm             whether a norm follows the sum (BERT's embedding LayerNorm)
 */
public record EmbeddingSpec(boolean learnedPositions, int positionOffset, int typeVocab, float scale, boolean norm) {
    /** Token embeddings alone: the families that use RoPE. */
    public static final EmbeddingSpec TOKENS_ONLY = new EmbeddingSpec(false, 0, 0, 1f, false);

    public EmbeddingSpec {
        if (positionOffset < 0 || typeVocab < 0) throw new IllegalArgumentException("negative position offset or type vocabulary");
    }
}
