package org.attentionlens.model;

import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;

import java.util.List;

/**
 * All weights of a model, read-only after loading, in their stored precision (16-bit stays 16-bit).
 * Legend as in {@link ModelSpec}.
 *
 * @param tokenEmbedding    (V, D) row v is token v's embedding; also the LM head when tied
 * @param positionEmbedding (N + offset, D) learned positions, or null
 * @param typeEmbedding     (typeVocab, D) token types (BERT), or null
 * @param embeddingNorm     the norm after the embeddings (BERT), or null
 * @param layers            (L) the blocks
 * @param finalNorm         the norm after the last block, or null
 * @param lmHead            (V, D) a separate next-token head, or null when tied or absent
 */
public record ModelWeights(Table tokenEmbedding, Table positionEmbedding, float[] typeEmbedding, Norm embeddingNorm,
                           List<LayerWeights> layers, Norm finalNorm, Table lmHead) {
    public ModelWeights {
        layers = List.copyOf(layers);
    }

    /** Bytes held by every weight: what the model costs in memory. */
    public long bytes() {
        long n = tokenEmbedding.bytes() + (positionEmbedding == null ? 0 : positionEmbedding.bytes())
                + (lmHead == null ? 0 : lmHead.bytes()) + floats(typeEmbedding) + norm(embeddingNorm) + norm(finalNorm);
        for (LayerWeights l : layers) {
            AttentionWeights a = l.attention();
            MlpWeights m = l.mlp();
            n += matrix(a.wq()) + matrix(a.wk()) + matrix(a.wv()) + matrix(a.wo()) + floats(a.bq()) + floats(a.bk())
                    + floats(a.bv()) + floats(a.bo()) + norm(a.qNorm()) + norm(a.kNorm())
                    + matrix(m.gate()) + matrix(m.up()) + matrix(m.down()) + floats(m.bGate()) + floats(m.bUp())
                    + floats(m.bDown()) + norm(l.attentionNorm()) + norm(l.attentionOutputNorm()) + norm(l.mlpNorm())
                    + norm(l.mlpOutputNorm());
        }
        return n;
    }

    private static long matrix(Matrix m) {
        return m == null ? 0 : m.bytes();
    }

    private static long floats(float[] a) {
        return a == null ? 0 : 4L * a.length;
    }

    private static long norm(Norm n) {
        return n == null ? 0 : floats(n.gamma()) + floats(n.beta());
    }
}
