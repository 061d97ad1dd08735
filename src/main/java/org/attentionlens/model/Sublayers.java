package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The pieces every block layout is assembled from: self-attention with a KV cache, and the MLP.
 * One instance per forward call; it owns that call's scratch. Legend as in {@link ModelConfig}.
 */
final class Sublayers {
    /** Query rows per attention task: causal passes skip keys beyond each block's last row. */
    private static final int ROW_BLOCK = 64;

    private final ModelConfig c;
    private final ModelWeights w;
    private final Kernels kn;
    private final KvCache cache;
    private final ForwardObserver obs;
    private final HeadMask mask;
    private final int pos0, T, Tk;
    private final float[] q;     // (T, H·Dh)
    private final float[] k, v;  // (T, Hkv·Dh) this call's new keys and values
    private final float[] heads; // (T, H·Dh) every head's Σ_j α_ij v_j
    private final float[] ff;    // (T, F)
    private final float[] a, b;  // (T, D) scratch for the block layouts

    Sublayers(ModelConfig c, ModelWeights w, Kernels kn, KvCache cache, ForwardObserver obs, HeadMask mask,
              int pos0, int T) {
        this.c = c;
        this.w = w;
        this.kn = kn;
        this.cache = cache;
        this.obs = obs;
        this.mask = mask;
        this.pos0 = pos0;
        this.T = T;
        this.Tk = pos0 + T;
        this.q = new float[T * c.qWidth()];
        this.k = new float[T * c.kvWidth()];
        this.v = new float[T * c.kvWidth()];
        this.heads = new float[T * c.qWidth()];
        this.ff = new float[T * c.dFF()];
        this.a = new float[T * c.dModel()];
        this.b = new float[T * c.dModel()];
    }

    float[] scratchA() {
        return a;
    }

    float[] scratchB() {
        return b;
    }

    /** out (T, D) = multi-head self-attention of in (T, D), appending this call's keys and values to the cache. */
    void attention(int layer, float[] in, float[] out) {
        LayerWeights lw = w.layers().get(layer);
        kn.matmul(q, in, lw.wq(), lw.bq(), T);
        kn.matmul(k, in, lw.wk(), lw.bk(), T);
        kn.matmul(v, in, lw.wv(), lw.bv(), T);
        obs.onQkv(layer, q, k, v, pos0, T);
        cache.write(layer, k, v, pos0, T);
        if (obs.wantsValueNorms(layer)) {
            float[] norms = new float[c.heads() * T]; // (H, T)
            AttentionMath.valueNorms(kn, norms, v, lw, c, T);
            obs.onValueNorms(layer, norms, pos0, T);
        }
        boolean full = obs.wantsHeadMatrices(layer);
        IntStream.range(0, c.heads()).parallel().forEach(h -> head(layer, h, full));
        if (mask.any(layer)) ablate(layer);
        obs.onAttentionOutput(layer, heads, T);
        kn.matmul(out, heads, lw.wo(), lw.bo(), T);
    }

    /** Head h over all cached keys, in blocks of query rows; full = compute and report every score. */
    private void head(int layer, int h, boolean full) {
        int Dh = c.dHead(), g = c.kvHeadOf(h), qWidth = c.qWidth();
        boolean causal = c.causal();
        float[] keys = cache.keys(layer), values = cache.values(layer);
        int rows = full ? T : Math.min(T, ROW_BLOCK);
        float[] scores = new float[rows * Tk];  // (rows, Tk)
        float[] weights = new float[rows * Tk]; // (rows, Tk)
        for (int r0 = 0; r0 < T; r0 += rows) {
            int R = Math.min(rows, T - r0);
            int keyLimit = causal && !full ? pos0 + r0 + R : Tk; // later keys are masked for every row here
            AttentionMath.scores(kn, scores, q, r0 * qWidth + h * Dh, qWidth,
                    keys, cache.offset(g, 0), Dh, R, Tk, keyLimit, Dh);
            AttentionMath.softmax(kn, weights, scores, causal, pos0, r0, R, Tk);
            AttentionMath.mix(kn, heads, r0 * qWidth + h * Dh, qWidth, weights,
                    values, cache.offset(g, 0), Dh, R, Tk, keyLimit, Dh);
        }
        if (full) obs.onHead(layer, h, scores, weights, pos0, T, Tk);
    }

    /** Zeroes the output slice (T, Dh) of every head the mask switches off, before W_O mixes the heads. */
    private void ablate(int layer) {
        int Dh = c.dHead(), qWidth = c.qWidth();
        for (int h = 0; h < c.heads(); h++)
            if (mask.ablated(layer, h))
                for (int t = 0; t < T; t++) Arrays.fill(heads, t * qWidth + h * Dh, t * qWidth + (h + 1) * Dh, 0f);
    }

    /** out (T, D) = act(in · w1 + b1) · w2 + b2. */
    void mlp(int layer, float[] in, float[] out, boolean erfGelu) {
        LayerWeights lw = w.layers().get(layer);
        kn.matmul(ff, in, lw.w1(), lw.b1(), T);
        if (erfGelu) kn.geluErf(ff, ff.length);
        else kn.geluTanh(ff, ff.length);
        kn.matmul(out, ff, lw.w2(), lw.b2(), T);
    }

    void norm(float[] out, float[] in, Norm n) {
        kn.layerNorm(out, in, n.gamma(), n.beta(), T, c.dModel(), c.eps());
    }

    void add(float[] x, float[] y) {
        kn.add(x, y, T * c.dModel());
    }
}
