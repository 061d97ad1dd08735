package org.attentionlens.model;

/**
 * Floating-point operations of the matrix products in a forward pass (a multiply-add counts 2), to compare a
 * cached decode step with recomputing the whole sequence. Norms, activations and softmax are left out: they are
 * linear in T and small next to the products. Legend as in {@link ModelSpec}; Tk keys attended over.
 */
public final class DecodeCost {
    private DecodeCost() {
    }

    /** One new token with Tk − 1 positions already cached: its projections, attention over Tk keys, the LM head. */
    public static long cachedStep(ModelSpec c, int Tk) {
        return c.layers() * (perTokenProjections(c) + attention(c, Tk)) + lmHead(c);
    }

    /** The whole sequence of T tokens from scratch, causal, logits for the last position only. */
    public static long recompute(ModelSpec c, int T) {
        long attention = 0;
        for (int p = 0; p < T; p++) attention += attention(c, p + 1);
        return c.layers() * (T * perTokenProjections(c) + attention) + lmHead(c);
    }

    /** q, k, v, the output projection and the MLP for one token in one layer. */
    private static long perTokenProjections(ModelSpec c) {
        long D = c.dModel();
        return 2 * D * (c.qWidth() + 2L * c.kvWidth()) + 2L * c.qWidth() * D + 4 * D * c.dFF();
    }

    /** One query against Tk keys in every head: q·kᵀ then weights·V. */
    private static long attention(ModelSpec c, int Tk) {
        return 4L * c.heads() * c.dHead() * Tk;
    }

    private static long lmHead(ModelSpec c) {
        return 2L * c.dModel() * c.vocabSize();
    }
}
