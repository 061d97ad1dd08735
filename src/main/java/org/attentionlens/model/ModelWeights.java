package org.attentionlens.model;

import org.attentionlens.tensor.Matrix;

import java.util.List;

/**
 * All weights of a model, read-only after loading.
 *
 * @param tokenEmbedding    (V, D) row v is token v's embedding; GPT-2 also uses it as the tied LM head
 * @param positionEmbedding (N, D) learned positions
 * @param typeEmbedding     (typeVocab, D) BERT's token types, or null
 * @param embeddingNorm     BERT's LayerNorm after the embeddings, or null
 * @param layers            (L) the blocks
 * @param finalNorm         GPT-2's ln_f, or null
 * @param lmHead            (D, V) an untied LM head, or null when tied to tokenEmbedding (or absent, BERT)
 */
public record ModelWeights(float[] tokenEmbedding, float[] positionEmbedding, float[] typeEmbedding,
                           Norm embeddingNorm, List<LayerWeights> layers, Norm finalNorm, Matrix lmHead) {
    public ModelWeights {
        layers = List.copyOf(layers);
    }
}
