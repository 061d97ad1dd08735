package org.attentionlens.model.walk;

import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.ModelSpec;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Keeps what chosen layers (and heads) of one forward call computed: the lecture walk's numbers, taken from the
 * pass itself rather than recomputed. A whole-text walk records one layer and one head; a decode step (T = 1)
 * records every layer, so any head can be walked without running the model again.
 * Legend as in {@link ModelSpec}; T rows this call ran, Tk keys attended over.
 */
final class WalkRecorder implements ForwardObserver {
    private final IntPredicate layers, recordedHeads;
    final float[][] blockInput;      // (L)(T, D) the stream entering each layer
    final float[][] attentionInput;  // (L)(T, D) what W_Q, W_K, W_V read
    final float[][] qUnrotated;      // (L)(T, H·Dh) before QK-norm and RoPE
    final float[][] kUnrotated;      // (L)(T, Hkv·Dh)
    final float[][] qBeforeRope;     // (L)(T, H·Dh) after QK-norm, before RoPE
    final float[][] kBeforeRope;     // (L)(T, Hkv·Dh)
    final float[][] q, k, v;         // (L)(T, H·Dh), (L)(T, Hkv·Dh) ×2: after QK-norm and RoPE
    final float[][][] scores;        // (L)(H)(T, Tk) the recorded heads' scores, from the pass
    final float[][][] weights;       // (L)(H)(T, Tk)
    final float[][] heads;           // (L)(T, H·Dh) every head's output before W_O
    final float[][] attentionResult; // (L)(T, D) what attention adds to the stream
    final float[][] mlpInput;        // (L)(T, D) what the MLP reads

    WalkRecorder(ModelSpec c, IntPredicate layers, IntPredicate heads) {
        int L = c.layers();
        this.layers = layers;
        this.recordedHeads = heads;
        blockInput = new float[L][];
        attentionInput = new float[L][];
        qUnrotated = new float[L][];
        kUnrotated = new float[L][];
        qBeforeRope = new float[L][];
        kBeforeRope = new float[L][];
        q = new float[L][];
        k = new float[L][];
        v = new float[L][];
        scores = new float[L][c.heads()][];
        weights = new float[L][c.heads()][];
        this.heads = new float[L][];
        attentionResult = new float[L][];
        mlpInput = new float[L][];
    }

    @Override
    public boolean wantsHeadMatrices(int l) {
        return layers.test(l);
    }

    @Override
    public boolean wantsUnrotated(int l) {
        return layers.test(l);
    }

    @Override
    public void onEmbeddings(float[] x, int T) {
        if (layers.test(0)) blockInput[0] = x.clone();
    }

    @Override
    public void onBlockOutput(int l, float[] x, int T) {
        if (l + 1 < blockInput.length && layers.test(l + 1)) blockInput[l + 1] = x.clone();
    }

    @Override
    public void onAttentionInput(int l, float[] x, int T) {
        if (layers.test(l)) attentionInput[l] = x.clone();
    }

    @Override
    public void onUnrotated(int l, float[] q, float[] k, int pos0, int T) {
        if (!layers.test(l)) return;
        qUnrotated[l] = q.clone();
        kUnrotated[l] = k.clone();
    }

    @Override
    public void onBeforeRope(int l, float[] q, float[] k, int pos0, int T) {
        if (!layers.test(l)) return;
        qBeforeRope[l] = q.clone();
        kBeforeRope[l] = k.clone();
    }

    @Override
    public void onQkv(int l, float[] q, float[] k, float[] v, int pos0, int T) {
        if (!layers.test(l)) return;
        this.q[l] = q.clone();
        this.k[l] = k.clone();
        this.v[l] = v.clone();
    }

    @Override
    public void onHead(int l, int h, float[] scores, float[] weights, int pos0, int T, int Tk) {
        if (!layers.test(l) || !recordedHeads.test(h)) return; // heads report from several threads, each into its own slot
        this.scores[l][h] = Arrays.copyOf(scores, T * Tk);
        this.weights[l][h] = Arrays.copyOf(weights, T * Tk);
    }

    @Override
    public void onAttentionOutput(int l, float[] heads, int T) {
        if (layers.test(l)) this.heads[l] = heads.clone();
    }

    @Override
    public void onAttentionResult(int l, float[] out, int T) {
        if (layers.test(l)) attentionResult[l] = out.clone();
    }

    @Override
    public void onMlpInput(int l, float[] x, int T) {
        if (layers.test(l)) mlpInput[l] = x.clone();
    }
}
