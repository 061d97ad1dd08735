package org.attentionlens.model.walk;

import org.attentionlens.model.AttentionMask;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Residual;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Matrix;

import java.util.Arrays;

/**
 * Every number of one head's computation for one query token, as a lecture walks through it. Immutable.
 * <p>Legend as in {@link ModelSpec}; Tk keys (positions 0 … Tk-1); R rows this pass computed: positions
 * {@code firstComputed} … Tk-1 (all T of a whole text, or the one new token of a decode step, whose earlier
 * keys and values were read from the KV cache). Arrays that hold rows keep them in position order.
 * <p>Every number comes from the forward pass's own taps ({@link WalkRecorder}): the stream entering the layer,
 * what the projections read, q and k before and after RoPE, v, the head's scores and weights, every head's output,
 * what attention adds to the stream and what the MLP then reads. Only the lecture's own arithmetic is computed
 * here: the written-out dot product q·k before scaling (in double), the exponentials of the softmax, and
 * concat · W_O with the model's kernels (the same fixed reduction as the pass, so equal to it bit for bit).
 */
public final class HeadWalk {
    private final ModelSpec config;
    private final int layer, head, query, key;
    private final String[] tokens;         // (Tk) display strings
    private final int firstComputed;       // first position whose q, k, v this pass computed
    private final float[] blockInput;      // (R, D) residual stream entering the layer
    private final float[] projectionInput; // (R, D) what W_Q, W_K, W_V read
    private final float[] wq, wk, wv;      // (D, Dh) this head's slices
    private final float[] bq, bk, bv;      // (Dh), zeros where the model has no bias
    private final float[] unrotatedQueries; // (R, Dh) before QK-norm and RoPE
    private final float[] unrotatedKeys;   // (R, Dh) the computed rows' keys before QK-norm and RoPE
    private final float[] normedQueries;   // (R, Dh) after QK-norm (if any), before RoPE
    private final float[] normedKeys;      // (R, Dh)
    private final float[] queries;         // (R, Dh)
    private final float[] keys, values;    // (Tk, Dh)
    private final float[] rawScores;       // (R, Tk) q·k before scaling, recomputed
    private final float[] scores;          // (R, Tk) scaled (and soft-capped) scores from the pass
    private final float[] weights;         // (R, Tk) α from the pass, 0 where masked
    private final float[] headOutputs;     // (H, Dh) every head's Σ_j α_ij v_j at the query, from the pass
    private final Matrix wo;               // (H·Dh, D) read-only model weight
    private final float[] bo;              // (D), zeros where the model has no bias
    private final float[] projected;       // (D) concat · W_O + b_O
    private final float[] attentionOutput; // (D) what attention adds to the stream (after any output norm)
    private final float[] mlpInput;        // (D) what the MLP reads at the query

    private HeadWalk(Transformer model, int layer, int head, int query, int key, String[] tokens, int firstComputed,
                     WalkRecorder rec, float[] keys, float[] values) {
        ModelSpec c = model.config();
        int D = c.dModel(), Dh = c.dHead(), H = c.heads(), Tk = tokens.length, R = Tk - firstComputed;
        int g = c.kvHeadOf(head), qi = query - firstComputed;
        this.config = c;
        this.layer = layer;
        this.head = head;
        this.query = query;
        this.key = key;
        this.tokens = tokens;
        this.firstComputed = firstComputed;
        this.blockInput = rec.blockInput[layer];
        this.projectionInput = rec.attentionInput[layer];
        AttentionWeights aw = model.weights().layers().get(layer).attention();
        this.wq = columns(aw.wq(), head * Dh, Dh);
        this.wk = columns(aw.wk(), g * Dh, Dh);
        this.wv = columns(aw.wv(), g * Dh, Dh);
        this.bq = slice(aw.bq(), head * Dh, Dh);
        this.bk = slice(aw.bk(), g * Dh, Dh);
        this.bv = slice(aw.bv(), g * Dh, Dh);
        this.unrotatedQueries = rows(rec.qUnrotated[layer], R, c.qWidth(), head * Dh, Dh);
        this.unrotatedKeys = rows(rec.kUnrotated[layer], R, c.kvWidth(), g * Dh, Dh);
        this.normedQueries = rows(rec.qBeforeRope[layer], R, c.qWidth(), head * Dh, Dh);
        this.normedKeys = rows(rec.kBeforeRope[layer], R, c.kvWidth(), g * Dh, Dh);
        this.queries = rows(rec.q[layer], R, c.qWidth(), head * Dh, Dh);
        this.keys = keys;
        this.values = values;
        this.scores = rec.scores[layer][head];
        this.weights = rec.weights[layer][head];
        this.headOutputs = Arrays.copyOfRange(rec.heads[layer], qi * c.qWidth(), (qi + 1) * c.qWidth());
        this.rawScores = new float[R * Tk];
        for (int r = 0; r < R; r++)
            for (int j = 0; j < Tk; j++) rawScores[r * Tk + j] = (float) dot(queries, r * Dh, keys, j * Dh, Dh);
        this.wo = aw.wo();
        this.bo = aw.bo() == null ? new float[D] : aw.bo().clone();
        this.projected = new float[D];
        model.kernels().matmul(projected, headOutputs, wo, aw.bo(), 1);
        this.attentionOutput = Arrays.copyOfRange(rec.attentionResult[layer], qi * D, (qi + 1) * D);
        this.mlpInput = Arrays.copyOfRange(rec.mlpInput[layer], qi * D, (qi + 1) * D);
        if (H * Dh != headOutputs.length) throw new IllegalStateException("head outputs of the wrong width");
    }

    /** The walk of a whole text's pass: the model runs over the trace's tokens again, recording this layer. */
    public static HeadWalk fromTrace(AttentionTrace trace, int layer, int head, int query, int key) {
        ModelSpec c = trace.config();
        int T = trace.length(), Dh = c.dHead(), g = c.kvHeadOf(head);
        check(c, layer, head, query, key, T);
        WalkRecorder rec = new WalkRecorder(c, l -> l == layer, h -> h == head);
        trace.model().forward(trace.tokens().ids(), rec);
        float[] k = rows(rec.k[layer], T, c.kvWidth(), g * Dh, Dh), v = rows(rec.v[layer], T, c.kvWidth(), g * Dh, Dh);
        return new HeadWalk(trace.model(), layer, head, query, key, trace.tokens().display().clone(), 0, rec, k, v);
    }

    /**
     * The walk of one decode step: its recorder (every layer, T = 1) and all keys and values (Tk, Dh) of the head's
     * key/value head, the first Tk-1 read from the cache.
     */
    static HeadWalk fromDecodeStep(Transformer model, String[] tokens, int layer, int head, int key, WalkRecorder rec,
                                   float[] keys, float[] values) {
        int Tk = tokens.length;
        check(model.config(), layer, head, Tk - 1, key, Tk);
        return new HeadWalk(model, layer, head, Tk - 1, key, tokens.clone(), Tk - 1, rec, keys, values);
    }

    /** Throws a readable IllegalArgumentException when the selection does not exist in this model and text. */
    public static void check(ModelSpec c, int layer, int head, int query, int key, int T) {
        if (layer < 0 || layer >= c.layers())
            throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0…" + (c.layers() - 1));
        if (head < 0 || head >= c.heads())
            throw new IllegalArgumentException("head " + head + " does not exist: the model has heads 0…" + (c.heads() - 1));
        if (query < 0 || query >= T)
            throw new IllegalArgumentException("query token " + query + " is outside the text's tokens 0…" + (T - 1));
        if (key < 0 || key >= T)
            throw new IllegalArgumentException("key token " + key + " is outside the text's tokens 0…" + (T - 1));
    }

    /** Columns n0 … n0+width-1 of w (K, N) as a row-major (K, width) copy. */
    private static float[] columns(Matrix w, int n0, int width) {
        float[] out = new float[w.rows() * width]; // (K, width)
        for (int k = 0; k < w.rows(); k++)
            for (int n = 0; n < width; n++) out[k * width + n] = w.get(k, n0 + n);
        return out;
    }

    /** (R, width) columns c0 … of a (R, stride) array. */
    static float[] rows(float[] a, int R, int stride, int c0, int width) {
        float[] out = new float[R * width];
        for (int r = 0; r < R; r++) System.arraycopy(a, r * stride + c0, out, r * width, width);
        return out;
    }

    private static float[] slice(float[] a, int from, int width) {
        return a == null ? new float[width] : Arrays.copyOfRange(a, from, from + width);
    }

    private static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0;
        for (int d = 0; d < n; d++) sum += (double) a[aOff + d] * b[bOff + d];
        return sum;
    }

    // ---- what the stages read ----

    public ModelSpec config() {
        return config;
    }

    public int layer() {
        return layer;
    }

    public int head() {
        return head;
    }

    /** The query token's position. */
    public int query() {
        return query;
    }

    /** The key token the dot-product stage writes out. */
    public int key() {
        return key;
    }

    /** Tk: the number of keys the query attends over. */
    public int keyCount() {
        return tokens.length;
    }

    public String token(int position) {
        return tokens[position];
    }

    public String[] tokens() {
        return tokens.clone();
    }

    /** Whether this is one decode step (keys and values before the new token came from the cache). */
    public boolean decode() {
        return firstComputed > 0;
    }

    /** The first position whose q, k and v this pass computed; keys and values before it were cached. */
    public int firstComputed() {
        return firstComputed;
    }

    /** R: rows this pass computed. */
    public int computedRows() {
        return tokens.length - firstComputed;
    }

    /** Whether the projections read a norm of the stream (pre-norm families) rather than the stream itself. */
    public boolean preNorm() {
        return config.residual().normBefore();
    }

    /** Whether the model's q, k and v projections have biases (else {@link #bq()} and the others are zeros). */
    public boolean qkvBias() {
        return config.attention().qkvBias();
    }

    /** This layer's mask (causal rule and sliding window). */
    public AttentionMask mask() {
        return config.mask(layer);
    }

    /** (R, D) the residual stream entering the layer, one row per computed position. */
    public float[] blockInput() {
        return blockInput.clone();
    }

    /** (R, D) what W_Q, W_K and W_V multiply. */
    public float[] projectionInput() {
        return projectionInput.clone();
    }

    /** (D) the query token's row of {@link #projectionInput()}. */
    public float[] projectionInputRow() {
        return row(projectionInput, query - firstComputed, config.dModel());
    }

    /** (D) the query token's row of the residual stream entering the layer. */
    public float[] blockInputRow() {
        return row(blockInput, query - firstComputed, config.dModel());
    }

    /** (D, Dh) row-major slices of the projections for this head. */
    public float[] wq() {
        return wq.clone();
    }

    public float[] wk() {
        return wk.clone();
    }

    public float[] wv() {
        return wv.clone();
    }

    public float[] bq() {
        return bq.clone();
    }

    public float[] bk() {
        return bk.clone();
    }

    public float[] bv() {
        return bv.clone();
    }

    /** (R, Dh) queries of the computed rows. */
    public float[] queries() {
        return queries.clone();
    }

    /** (Dh) q of the query token. */
    public float[] q() {
        return row(queries, query - firstComputed, config.dHead());
    }

    /** (Tk, Dh). */
    public float[] keys() {
        return keys.clone();
    }

    /** (Tk, Dh). */
    public float[] values() {
        return values.clone();
    }

    public float[] k(int j) {
        return row(keys, j, config.dHead());
    }

    public float[] v(int j) {
        return row(values, j, config.dHead());
    }

    /** (Dh) the terms q_d · k_d of the written-out dot product with the chosen key. */
    public float[] products() {
        int Dh = config.dHead(), qo = (query - firstComputed) * Dh;
        float[] out = new float[Dh];
        for (int d = 0; d < Dh; d++) out[d] = queries[qo + d] * keys[key * Dh + d];
        return out;
    }

    /** (R, Tk) q·k before scaling, recomputed in double from the pass's q and k. */
    public float[] rawScores() {
        return rawScores.clone();
    }

    /** q_i·k_j before scaling. */
    public float rawScore(int j) {
        return rawScores[(query - firstComputed) * tokens.length + j];
    }

    /** (R, Tk) scaled scores from the pass. */
    public float[] scores() {
        return scores.clone();
    }

    /**
     * q_i·k_j × scale before the soft-cap bends it (Gemma 2): the raw score times the scale, in double then float;
     * the same as {@link #score} in a model without a cap.
     */
    public float scoreBeforeCap(int j) {
        return config.attention().softcap() > 0 ? (float) (rawScore(j) * config.attention().scale()) : score(j);
    }

    /** q_i·k_j/√Dh from the pass. */
    public float score(int j) {
        return scores[(query - firstComputed) * tokens.length + j];
    }

    /** The divisor of q·k: √Dh, or what the model's attention scale (e.g. Gemma's query_pre_attn_scalar) implies. */
    public double scaleDivisor() {
        return 1.0 / config.attention().scale();
    }

    /** Whether key j is hidden from the query at position row (by the causal rule or the layer's window). */
    public boolean masked(int row, int j) {
        return !mask().visible(row, j);
    }

    /** (R, Dh) queries of the computed rows before QK-norm and RoPE. */
    public float[] unrotatedQueries() {
        return unrotatedQueries.clone();
    }

    /** (R, Dh) keys of the computed rows before QK-norm and RoPE. */
    public float[] unrotatedKeys() {
        return unrotatedKeys.clone();
    }

    /** (R, Dh) queries of the computed rows after QK-norm (where the model has one), before RoPE: from the pass. */
    public float[] normedQueries() {
        return normedQueries.clone();
    }

    /** (R, Dh) keys of the computed rows after QK-norm, before RoPE: from the pass. */
    public float[] normedKeys() {
        return normedKeys.clone();
    }

    /** (Dh) the query token's q before QK-norm and RoPE, then after QK-norm: {before, after}. */
    public float[][] queryNorm() {
        int r = query - firstComputed, Dh = config.dHead();
        return new float[][]{row(unrotatedQueries, r, Dh), row(normedQueries, r, Dh)};
    }

    /** (Dh) the query token's own k (computed in this pass) before QK-norm, then after: {before, after}. */
    public float[][] ownKeyNorm() {
        int r = query - firstComputed, Dh = config.dHead();
        return new float[][]{row(unrotatedKeys, r, Dh), row(normedKeys, r, Dh)};
    }

    /** The key/value head this query head reads (grouped-query attention shares it among H/Hkv query heads). */
    public int kvHead() {
        return config.kvHeadOf(head);
    }

    /** The largest unmasked scaled score of the query row, subtracted before exponentiating. */
    public float rowMax() {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < tokens.length; j++) if (!masked(query, j)) max = Math.max(max, score(j));
        return max;
    }

    /** e^{s_ij − max}, 0 where masked. */
    public double exp(int j) {
        return masked(query, j) ? 0 : Math.exp((double) score(j) - rowMax());
    }

    /** Σ_j e^{s_ij − max}. */
    public double expSum() {
        double sum = 0;
        for (int j = 0; j < tokens.length; j++) sum += exp(j);
        return sum;
    }

    /** (R, Tk) softmax weights from the pass. */
    public float[] weights() {
        return weights.clone();
    }

    /** α_ij from the pass. */
    public float weight(int j) {
        return weights[(query - firstComputed) * tokens.length + j];
    }

    /** The key the query attends to most. */
    public int strongestKey() {
        int best = 0;
        for (int j = 1; j < tokens.length; j++) if (weight(j) > weight(best)) best = j;
        return best;
    }

    /** (Dh) α_ij v_j. */
    public float[] weightedValue(int j) {
        float[] out = v(j);
        float a = weight(j);
        for (int d = 0; d < out.length; d++) out[d] *= a;
        return out;
    }

    /** (Dh) this head's output at the query, Σ_j α_ij v_j, from the pass. */
    public float[] headOutput() {
        return row(headOutputs, head, config.dHead());
    }

    /** (H·Dh) every head's output at the query, concatenated, from the pass. */
    public float[] concat() {
        return headOutputs.clone();
    }

    /** W_O[r][c] of the output projection (H·Dh, D). */
    public float wo(int r, int c) {
        return wo.get(r, c);
    }

    public float[] bo() {
        return bo.clone();
    }

    /** (D) concat · W_O + b_O. */
    public float[] projected() {
        return projected.clone();
    }

    /**
     * (D) what attention adds to the stream at the query: concat · W_O + b_O, normed once more where the model puts
     * a norm after the sublayer (Gemma 2, OLMo 2).
     */
    public float[] attentionOutput() {
        return attentionOutput.clone();
    }

    /** (D) the residual stream after the attention sublayer: x + attention output. */
    public float[] afterAttention() {
        float[] x = blockInputRow();
        for (int d = 0; d < x.length; d++) x[d] += attentionOutput[d];
        return x;
    }

    /** (D) LN1(x + attention output) for post-LN models (BERT), the stream the MLP reads; null for the others. */
    public float[] postNorm() {
        return config.residual() == Residual.POST_NORM ? mlpInput.clone() : null;
    }

    /** (D) what the MLP reads at the query. */
    public float[] mlpInput() {
        return mlpInput.clone();
    }

    private static float[] row(float[] a, int r, int width) {
        return Arrays.copyOfRange(a, r * width, (r + 1) * width);
    }
}
