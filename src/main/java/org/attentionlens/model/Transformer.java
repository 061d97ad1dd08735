package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Table;

import java.util.Arrays;

/**
 * A loaded model: its spec and read-only weights, and the forward pass over them.
 * The same {@link #forward} serves a whole text (empty cache), a decode prefill and each decode step:
 * new tokens are appended to the {@link KvCache} and attend over everything cached.
 * Legend as in {@link ModelSpec}.
 */
public final class Transformer {
    private final ModelSpec spec;
    private final ModelWeights weights;
    private final Kernels kernels;
    private final OutputGram gram; // derived from W_O once: the value norms' cheap form

    public Transformer(ModelSpec spec, ModelWeights weights, Kernels kernels) {
        this.spec = spec;
        this.weights = weights;
        this.kernels = kernels;
        if (weights.layers().size() != spec.layers())
            throw new IllegalArgumentException("the spec says " + spec.layers() + " layers, the weights have "
                    + weights.layers().size());
        this.gram = new OutputGram(spec, weights, kernels);
    }

    public ModelSpec config() {
        return spec;
    }

    public ModelWeights weights() {
        return weights;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** A whole text in one pass, with a cache sized to it. */
    public ForwardResult forward(int[] ids, ForwardObserver observer) {
        return forward(ids, new KvCache(spec, Math.max(1, Math.min(ids.length, spec.context()))), observer);
    }

    /** Runs ids at positions cache.length() … and appends their keys and values to the cache. */
    public ForwardResult forward(int[] ids, KvCache cache, ForwardObserver observer) {
        return forward(ids, cache, observer, Intervention.NONE);
    }

    /** The same with an intervention: heads switched off or patched, residuals patched, attention edges knocked out. */
    public ForwardResult forward(int[] ids, KvCache cache, ForwardObserver observer, Intervention intervention) {
        int T = ids.length, D = spec.dModel(), pos0 = cache.length();
        if (T == 0) throw new IllegalArgumentException("no tokens to run");
        if (pos0 + T > cache.limit())
            throw new IllegalArgumentException((pos0 + T) + " positions exceed the limit of " + cache.limit());
        for (int id : ids)
            if (id < 0 || id >= spec.vocabSize())
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + spec.vocabSize());

        ForwardPass pass = new ForwardPass(spec, weights, kernels, gram, cache, observer, intervention, pos0, T);
        float[] x = new float[T * D]; // (T, D) the residual stream
        pass.embed(ids, x);
        observer.onEmbeddings(x, T);
        for (int l = 0; l < spec.layers(); l++) {
            pass.block(l, x);
            intervention.editResidual(l, x, pos0, T);
            observer.onBlockOutput(l, x, T);
        }
        cache.advance(T);
        pass.finish(x);
        float[] logits = spec.lmHead() != ModelSpec.LmHead.NONE ? logits(x, T - 1) : null;
        if (logits != null) observer.onLogits(logits);
        return new ForwardResult(x, logits);
    }

    /**
     * Residual-stream rows x (T, D) as the pass hands them to the next-token head: a copy with the final norm applied
     * (the same kernel the pass runs after the last block), or a plain copy when the model has none. The logit lens
     * reads every layer through this.
     */
    public float[] finalNorm(float[] x, int T) {
        float[] out = Arrays.copyOf(x, T * spec.dModel()); // (T, D)
        return spec.finalNorm() ? ForwardPass.norm(spec, kernels, out, out, weights.finalNorm(), T, spec.dModel()) : out;
    }

    /** The next-token head (V, D) the logits read: the token embedding when tied, the model's own table otherwise; null for an encoder. */
    public Table unembedding() {
        return switch (spec.lmHead()) {
            case NONE -> null;
            case TIED -> weights.tokenEmbedding();
            case SEPARATE -> weights.lmHead();
        };
    }

    /** logits (V) of hidden state row t (after the final norm); null for an encoder. */
    public float[] logits(float[] hidden, int t) {
        if (spec.lmHead() == ModelSpec.LmHead.NONE) return null;
        return ForwardPass.logits(spec, weights, kernels, hidden, t);
    }
}
