package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Table;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One forward call over T new tokens at positions pos0 …: the transformer diagram, read from the {@link ModelSpec}.
 * Embeddings, then per block the two sublayers wired into the residual stream as the spec's {@link Residual} says,
 * then the final norm. Owns the call's scratch; the weights are only read. Legend as in {@link ModelSpec}.
 */
final class ForwardPass {
    /** Query rows per attention task: causal passes skip keys beyond each block's last row. */
    private static final int ROW_BLOCK = 64;
    /** Steps of fewer query rows than this read the cache's transposed keys (see {@link KvCache}). */
    private static final int TRANSPOSED_ROWS = 4;

    private final ModelSpec c;
    private final ModelWeights w;
    private final Kernels kn;
    private final OutputGram gram;
    private final KvCache cache;
    private final ForwardObserver obs;
    private final Intervention intervention;
    private final int pos0, T, Tk;
    private final float[] normed;  // (T, D) what a sublayer reads
    private final float[] out;     // (T, D) a sublayer's output
    private final float[] out2;    // (T, D) the MLP's output beside attention's (parallel residual)
    private final float[] q;       // (T, H·Dh)
    private final float[] k, v;    // (T, Hkv·Dh) this call's new keys and values
    private final float[] heads;   // (T, H·Dh) every head's Σ_j α_ij v_j
    private final float[] up;      // (T, F)
    private final float[] gate;    // (T, F) gated MLPs only
    /** cos and sin (T, P) of each distinct rotary embedding at this call's positions. */
    private final Map<RopeSpec, float[][]> angles = new IdentityHashMap<>();

    ForwardPass(ModelSpec c, ModelWeights w, Kernels kn, OutputGram gram, KvCache cache, ForwardObserver obs,
                Intervention intervention, int pos0, int T) {
        this.c = c;
        this.w = w;
        this.kn = kn;
        this.gram = gram;
        this.cache = cache;
        this.obs = obs;
        this.intervention = intervention;
        this.pos0 = pos0;
        this.T = T;
        this.Tk = pos0 + T;
        int D = c.dModel();
        this.normed = new float[T * D];
        this.out = new float[T * D];
        this.out2 = c.residual() == Residual.PARALLEL ? new float[T * D] : null;
        this.q = new float[T * c.qWidth()];
        this.k = new float[T * c.kvWidth()];
        this.v = new float[T * c.kvWidth()];
        this.heads = new float[T * c.qWidth()];
        this.up = new float[T * c.dFF()];
        this.gate = c.mlp().gated() ? new float[T * c.dFF()] : null;
    }

    /** x (T, D) = the embeddings of ids at positions pos0 … (token, then token type and position, then scale and norm). */
    void embed(int[] ids, float[] x) {
        int D = c.dModel();
        EmbeddingSpec e = c.embedding();
        float[] row = new float[D]; // (D)
        for (int t = 0; t < T; t++) {
            w.tokenEmbedding().row(ids[t], x, t * D);
            if (e.typeVocab() > 0)
                for (int d = 0; d < D; d++) x[t * D + d] += w.typeEmbedding()[d]; // every token has type 0
            if (e.learnedPositions()) {
                w.positionEmbedding().row(pos0 + t + e.positionOffset(), row, 0);
                for (int d = 0; d < D; d++) x[t * D + d] += row[d];
            }
        }
        if (e.scale() != 1f) for (int i = 0; i < T * D; i++) x[i] *= e.scale();
        if (e.norm()) norm(x, x, w.embeddingNorm());
    }

    /** One block, updating the residual stream x (T, D) in place. */
    void block(int layer, float[] x) {
        LayerWeights lw = w.layers().get(layer);
        int n = T * c.dModel();
        switch (c.residual()) {
            case POST_NORM -> {
                attention(layer, x, out);
                kn.add(x, out, n);
                norm(x, x, lw.attentionNorm());
                mlp(layer, x, out);
                kn.add(x, out, n);
                norm(x, x, lw.mlpNorm());
            }
            case PARALLEL -> {
                norm(normed, x, lw.attentionNorm());
                attention(layer, normed, out);
                norm(normed, x, lw.mlpNorm());
                mlp(layer, normed, out2);
                kn.add(out2, out, n); // mlp + attention, then + x, the order GPT-NeoX adds them in
                kn.add(x, out2, n);
            }
            default -> { // PRE_NORM, SANDWICH, NORM_AFTER
                boolean before = c.residual().normBefore();
                attention(layer, before ? norm(normed, x, lw.attentionNorm()) : x, out);
                kn.add(x, out, n);
                mlp(layer, before ? norm(normed, x, lw.mlpNorm()) : x, out);
                kn.add(x, out, n);
            }
        }
    }

    /** x (T, D) after the last block → final hidden states, in place. */
    void finish(float[] x) {
        if (c.finalNorm()) norm(x, x, w.finalNorm());
    }

    /**
     * out (T, D) = multi-head self-attention of in (T, D): project, QK-norm, rotate, append k and v to the cache,
     * attend every head over the cached keys, project the heads back (and norm the result where the spec says).
     */
    private void attention(int layer, float[] in, float[] result) {
        AttentionWeights aw = w.layers().get(layer).attention();
        obs.onAttentionInput(layer, in, T);
        kn.matmul(q, in, aw.wq(), aw.bq(), T);
        kn.matmul(k, in, aw.wk(), aw.bk(), T);
        kn.matmul(v, in, aw.wv(), aw.bv(), T);
        if (obs.wantsUnrotated(layer)) obs.onUnrotated(layer, q, k, pos0, T);
        if (aw.qNorm() != null) { // per head: (T·H, Dh) rows; over the whole projection: (T, H·Dh)
            norm(q, q, aw.qNorm(), T * c.qWidth() / aw.qNorm().width(), aw.qNorm().width());
            norm(k, k, aw.kNorm(), T * c.kvWidth() / aw.kNorm().width(), aw.kNorm().width());
        }
        RopeSpec rope = c.attention().rope(layer);
        if (rope != null) {
            float[][] cs = angles.computeIfAbsent(rope, this::angles);
            kn.rope(q, 0, c.qWidth(), T, c.heads(), c.dHead(), rope.rotary(), cs[0], cs[1], rope.interleaved());
            kn.rope(k, 0, c.kvWidth(), T, c.kvHeads(), c.dHead(), rope.rotary(), cs[0], cs[1], rope.interleaved());
        }
        obs.onQkv(layer, q, k, v, pos0, T);
        cache.write(layer, k, v, pos0, T);
        if (obs.wantsValueNorms(layer)) {
            float[] norms = new float[c.heads() * T]; // (H, T)
            gram.valueNorms(kn, norms, v, c, layer, T);
            obs.onValueNorms(layer, norms, pos0, T);
        }
        boolean full = obs.wantsHeadMatrices(layer);
        float[] keysT = T < TRANSPOSED_ROWS ? cache.keysTransposed(layer, Tk) : null; // (Hkv·Dh, stride)
        IntStream.range(0, c.heads()).parallel().forEach(h -> head(layer, h, full, keysT));
        intervention.editHeads(layer, heads, pos0, T);
        obs.onAttentionOutput(layer, heads, T);
        kn.matmul(result, heads, aw.wo(), aw.bo(), T);
        Norm after = w.layers().get(layer).attentionOutputNorm();
        if (after != null) norm(result, result, after);
        obs.onAttentionResult(layer, result, T);
    }

    private float[][] angles(RopeSpec rope) {
        float[] cos = new float[T * rope.pairs()], sin = new float[T * rope.pairs()]; // (T, P) each
        rope.angles(pos0, T, Tk, cos, sin);
        return new float[][]{cos, sin};
    }

    /**
     * Head h over the keys its rows see, in blocks of query rows; full = compute and report every score; keysT
     * the cache's transposed keys for a step of few rows, else null.
     */
    private void head(int layer, int h, boolean full, float[] keysT) {
        int Dh = c.dHead(), g = c.kvHeadOf(h), qWidth = c.qWidth(), kvStride = cache.rowStride();
        AttentionMask am = c.mask(layer);
        AttentionSpec a = c.attention();
        float[] keys = cache.keys(layer), values = cache.values(layer);
        int rows = full ? T : Math.min(T, ROW_BLOCK);
        float[] scores = new float[rows * Tk];  // (rows, Tk)
        float[] weights = new float[rows * Tk]; // (rows, Tk)
        for (int r0 = 0; r0 < T; r0 += rows) {
            int R = Math.min(rows, T - r0);
            // keys any row of the block sees; a full capture computes every score, masked ones too
            int j0 = full ? 0 : am.first(pos0 + r0), j1 = full ? Tk : am.end(pos0 + r0 + R - 1, Tk);
            if (keysT != null)
                AttentionMath.scoresTransposed(kn, scores, q, r0 * qWidth + h * Dh, qWidth, keysT,
                        g * Dh * cache.transposedStride(), cache.transposedStride(), R, Tk, j0, j1, Dh, a.scale(),
                        a.softcap());
            else
                AttentionMath.scores(kn, scores, q, r0 * qWidth + h * Dh, qWidth, keys, cache.offset(g, 0, Dh),
                        kvStride, R, Tk, j0, j1, Dh, a.scale(), a.softcap());
            boolean knocked = AttentionMath.knockOut(scores, intervention, layer, h, am, pos0 + r0, R, Tk);
            AttentionMath.softmax(kn, weights, scores, am, pos0, r0, R, Tk, knocked);
            AttentionMath.mix(kn, heads, r0 * qWidth + h * Dh, qWidth, weights, values, cache.offset(g, 0, Dh),
                    kvStride, R, Tk, j0, j1, Dh);
        }
        if (full) obs.onHead(layer, h, scores, weights, pos0, T, Tk);
    }

    /** result (T, D) = down(act(gate(in)) · up(in)) for a gated MLP, down(act(up(in))) for a plain one. */
    private void mlp(int layer, float[] in, float[] result) {
        obs.onMlpInput(layer, in, T);
        LayerWeights lw = w.layers().get(layer);
        MlpWeights m = lw.mlp();
        int n = T * c.dFF();
        kn.matmul(up, in, m.up(), m.bUp(), T);
        float[] hidden = up; // (T, F)
        if (m.gate() != null) {
            kn.matmul(gate, in, m.gate(), m.bGate(), T);
            kn.gatedActivate(gate, up, n, c.mlp().activation());
            hidden = gate;
        } else {
            kn.activate(up, n, c.mlp().activation());
        }
        kn.matmul(result, hidden, m.down(), m.bDown(), T);
        if (lw.mlpOutputNorm() != null) norm(result, result, lw.mlpOutputNorm());
        obs.onMlpResult(layer, result, T);
    }

    /** dst (T, D) = the norm of src (T, D), row by row; returns dst. */
    private float[] norm(float[] dst, float[] src, Norm n) {
        return norm(dst, src, n, T, c.dModel());
    }

    /** dst (rows, width) = the norm of src (rows, width), row by row, of the model's kind; returns dst. */
    private float[] norm(float[] dst, float[] src, Norm n, int rows, int width) {
        if (c.norm().rms()) kn.rmsNorm(dst, src, n.gamma(), rows, width, c.eps());
        else kn.layerNorm(dst, src, n.gamma(), n.beta(), rows, width, c.eps());
        return dst;
    }

    /** logits (V) = hidden[t] (D) · head (V, D)ᵀ, soft-capped where the spec says. */
    static float[] logits(ModelSpec c, ModelWeights w, Kernels kn, float[] hidden, int t) {
        int D = c.dModel();
        Table head = c.lmHead() == ModelSpec.LmHead.TIED ? w.tokenEmbedding() : w.lmHead();
        float[] out = new float[head.rows()];
        kn.tableProduct(out, Arrays.copyOfRange(hidden, t * D, (t + 1) * D), head);
        if (c.finalSoftcap() > 0) kn.softcap(out, 0, out.length, c.finalSoftcap());
        return out;
    }
}
