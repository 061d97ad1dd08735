package org.attentionlens.model;

import org.attentionlens.tokenizer.Tokens;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * The observer that keeps what an {@link AttentionTrace} needs: O(T·D) per layer, never T × T per head (each head's
 * weights are only shrunk to its thumbnails as the pass computes them).
 */
final class TraceRecorder implements ForwardObserver {
    private final int L;
    private float[] embeddings;
    private final float[][] q, k, v, valueNorms, headOutputs, residuals;
    private final HeadThumbnails thumbnails;
    private float[] logits;
    private BooleanSupplier cancelled = () -> false;

    private TraceRecorder(ModelSpec c, int T) {
        L = c.layers();
        thumbnails = new HeadThumbnails(c, T);
        q = new float[L][];
        k = new float[L][];
        v = new float[L][];
        valueNorms = new float[L][];
        headOutputs = new float[L][];
        residuals = new float[L][];
    }

    static AttentionTrace run(Transformer model, Tokens tokens, Intervention intervention) {
        return run(model, tokens, intervention, () -> false);
    }

    /** As above; once cancelled answers true the pass stops at the next block with a CancellationException. */
    static AttentionTrace run(Transformer model, Tokens tokens, Intervention intervention, BooleanSupplier cancelled) {
        int[] ids = tokens.ids();
        TraceRecorder r = new TraceRecorder(model.config(), ids.length);
        r.cancelled = cancelled;
        long t0 = System.nanoTime();
        ForwardResult result = model.forward(ids, new KvCache(model.config(), Math.max(1, ids.length)), r, intervention);
        long nanos = System.nanoTime() - t0;
        return new AttentionTrace(model, tokens, intervention, r.embeddings, r.q, r.k, r.v, r.valueNorms, r.headOutputs,
                r.residuals, r.thumbnails, result.hidden(), result.logitsLast(), nanos);
    }

    @Override
    public boolean wantsValueNorms(int layer) {
        return true;
    }

    @Override
    public boolean wantsHeadRows(int layer) {
        return true;
    }

    @Override
    public void onHeadRows(int layer, int head, float[] weights, int row0, int R, int Tk) {
        thumbnails.record(layer, head, weights, row0, R, Tk);
    }

    @Override
    public void onEmbeddings(float[] x, int T) {
        embeddings = x.clone();
    }

    @Override
    public void onQkv(int layer, float[] q, float[] k, float[] v, int pos0, int T) {
        this.q[layer] = q.clone();
        this.k[layer] = k.clone();
        this.v[layer] = v.clone();
    }

    @Override
    public void onValueNorms(int layer, float[] norms, int pos0, int T) {
        valueNorms[layer] = norms.clone();
    }

    @Override
    public void onAttentionOutput(int layer, float[] heads, int T) {
        headOutputs[layer] = heads.clone();
    }

    @Override
    public void onBlockOutput(int layer, float[] x, int T) {
        if (cancelled.getAsBoolean()) throw new CancellationException("pass cancelled after block " + layer);
        residuals[layer] = x.clone();
    }

    @Override
    public void onLogits(float[] logits) {
        this.logits = logits.clone();
    }
}
