package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

/**
 * A loaded model: configuration and read-only weights, and the forward pass over them.
 * The same {@link #forward} serves a whole text (empty cache), a decode prefill and each decode step:
 * new tokens are appended to the {@link KvCache} and attend over everything cached.
 * Legend as in {@link ModelConfig}.
 */
public final class Transformer {
    private final ModelConfig config;
    private final ModelWeights weights;
    private final Kernels kernels;
    private final BlockLayout layout;

    public Transformer(ModelConfig config, ModelWeights weights, Kernels kernels) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.layout = BlockLayout.of(config.architecture());
        if (weights.layers().size() != config.layers())
            throw new IllegalArgumentException("config says " + config.layers() + " layers, weights have "
                    + weights.layers().size());
    }

    public ModelConfig config() {
        return config;
    }

    public ModelWeights weights() {
        return weights;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** A whole text in one pass, with a cache sized to it. */
    public ForwardResult forward(int[] ids, ForwardObserver observer) {
        return forward(ids, new KvCache(config, Math.max(1, ids.length)), observer);
    }

    /** Runs ids at positions cache.length() … and appends their keys and values to the cache. */
    public ForwardResult forward(int[] ids, KvCache cache, ForwardObserver observer) {
        return forward(ids, cache, observer, HeadMask.NONE);
    }

    /** The same with some heads switched off (their outputs zeroed before W_O): ablation. */
    public ForwardResult forward(int[] ids, KvCache cache, ForwardObserver observer, HeadMask mask) {
        int T = ids.length, D = config.dModel(), pos0 = cache.length();
        if (T == 0) throw new IllegalArgumentException("no tokens to run");
        if (pos0 + T > Math.min(config.context(), cache.capacity()))
            throw new IllegalArgumentException((pos0 + T) + " positions exceed the limit of "
                    + Math.min(config.context(), cache.capacity()));
        for (int id : ids)
            if (id < 0 || id >= config.vocabSize())
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());

        Sublayers s = new Sublayers(config, weights, kernels, cache, observer, mask, pos0, T);
        float[] x = new float[T * D]; // (T, D) the residual stream
        layout.embed(weights, config, ids, pos0, x, s);
        observer.onEmbeddings(x, T);
        for (int l = 0; l < config.layers(); l++) {
            layout.block(l, weights, x, s);
            observer.onBlockOutput(l, x, T);
        }
        cache.advance(T);
        layout.finish(weights, x, s);
        float[] logits = config.causal() ? logits(x, T - 1) : null;
        if (logits != null) observer.onLogits(logits);
        return new ForwardResult(x, logits);
    }

    /** logits (V) = x[t] (D) · W_lm (D, V); tied models use the token embedding (V, D) transposed. */
    public float[] logits(float[] hidden, int t) {
        int D = config.dModel(), V = config.vocabSize();
        float[] out = new float[V];
        float[] row = new float[D];
        System.arraycopy(hidden, t * D, row, 0, D);
        if (weights.lmHead() != null) kernels.matmul(out, row, weights.lmHead(), null, 1);
        else kernels.matmulTransposed(out, 0, V, row, 0, D, weights.tokenEmbedding(), 0, D, 1, V, D, 1f);
        return out;
    }
}
