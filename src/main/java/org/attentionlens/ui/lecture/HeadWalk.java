package org.attentionlens.ui.lecture;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;

import java.util.Arrays;

/**
 * Every number of one head's computation for one query token, as a lecture walks through it. Immutable.
 * <p>Legend as in {@link ModelConfig}; Tk keys (positions 0 … Tk-1); R rows this pass computed: positions
 * {@code firstComputed} … Tk-1 (all T of a whole text, or the one new token of a decode step, whose earlier
 * keys and values were read from the KV cache). Arrays that hold rows keep them in position order.
 * <p>Numbers come from the pass (q, k, v, scores, weights, head outputs) or are recomputed from it with the
 * model's own kernels (the norm before the projections, the exponentials, W_O, the residual sum); the tests
 * check every recomputed number against the pass.
 */
public final class HeadWalk {
    private final ModelConfig config;
    private final int layer, head, query, key;
    private final String[] tokens;         // (Tk) display strings
    private final int firstComputed;       // first position whose q, k, v this pass computed
    private final float[] blockInput;      // (R, D) residual stream entering the layer
    private final float[] projectionInput; // (R, D) what W_Q, W_K, W_V read: LN1(x) pre-LN, x post-LN
    private final float[] wq, wk, wv;      // (D, Dh) this head's slices
    private final float[] bq, bk, bv;      // (Dh)
    private final float[] queries;         // (R, Dh)
    private final float[] keys, values;    // (Tk, Dh)
    private final float[] rawScores;       // (R, Tk) q·k before ÷√Dh, recomputed
    private final float[] scores;          // (R, Tk) q·k/√Dh from the pass
    private final float[] weights;         // (R, Tk) α from the pass, 0 where masked
    private final float[] headOutputs;     // (H, Dh) every head's Σ_j α_ij v_j at the query, from the pass
    private final Matrix wo;               // (H·Dh, D) read-only model weight
    private final float[] bo;              // (D)
    private final float[] attentionOutput; // (D) concat · W_O + b_O, recomputed
    private final float[] postNorm;        // (D) LN1(x + attention) for post-LN models, else null

    private HeadWalk(ModelConfig config, int layer, int head, int query, int key, String[] tokens, int firstComputed,
                     float[] blockInput, float[] projectionInput, LayerWeights lw, float[] queries, float[] keys,
                     float[] values, float[] scores, float[] weights, float[] headOutputs, Kernels kernels) {
        int D = config.dModel(), Dh = config.dHead(), Tk = tokens.length, R = Tk - firstComputed;
        this.config = config;
        this.layer = layer;
        this.head = head;
        this.query = query;
        this.key = key;
        this.tokens = tokens;
        this.firstComputed = firstComputed;
        this.blockInput = blockInput;
        this.projectionInput = projectionInput;
        int g = config.kvHeadOf(head);
        this.wq = columns(lw.wq(), head * Dh, Dh);
        this.wk = columns(lw.wk(), g * Dh, Dh);
        this.wv = columns(lw.wv(), g * Dh, Dh);
        this.bq = Arrays.copyOfRange(lw.bq(), head * Dh, (head + 1) * Dh);
        this.bk = Arrays.copyOfRange(lw.bk(), g * Dh, (g + 1) * Dh);
        this.bv = Arrays.copyOfRange(lw.bv(), g * Dh, (g + 1) * Dh);
        this.queries = queries;
        this.keys = keys;
        this.values = values;
        this.scores = scores;
        this.weights = weights;
        this.headOutputs = headOutputs;
        this.rawScores = new float[R * Tk];
        for (int r = 0; r < R; r++)
            for (int j = 0; j < Tk; j++) rawScores[r * Tk + j] = (float) dot(queries, r * Dh, keys, j * Dh, Dh);
        this.wo = lw.wo();
        this.bo = lw.bo().clone();
        this.attentionOutput = new float[D];
        kernels.matmul(attentionOutput, headOutputs, wo, bo, 1);
        if (config.architecture().causal()) {
            this.postNorm = null;
        } else {
            this.postNorm = new float[D];
            kernels.layerNorm(postNorm, afterAttention(), lw.norm1().gamma(), lw.norm1().beta(), 1, D, config.eps());
        }
    }

    /** The walk of a whole text's pass: query i attends over all T tokens. */
    public static HeadWalk fromTrace(AttentionTrace trace, int layer, int head, int query, int key) {
        ModelConfig c = trace.config();
        int T = trace.length(), Dh = c.dHead(), H = c.heads();
        check(c, layer, head, query, key, T);
        Transformer model = trace.model();
        LayerWeights lw = model.weights().layers().get(layer);
        float[] x = layer == 0 ? trace.embeddings() : trace.residual(layer - 1); // (T, D)
        float[] in = projectionInput(model, lw, x, T);
        float[] q = new float[T * Dh], k = new float[T * Dh], v = new float[T * Dh]; // (T, Dh) each
        for (int t = 0; t < T; t++) {
            System.arraycopy(trace.query(layer, head, t), 0, q, t * Dh, Dh);
            System.arraycopy(trace.key(layer, head, t), 0, k, t * Dh, Dh);
            System.arraycopy(trace.value(layer, head, t), 0, v, t * Dh, Dh);
        }
        HeadMatrices m = trace.head(layer, head);
        float[] outputs = new float[H * Dh]; // (H, Dh)
        for (int h = 0; h < H; h++) System.arraycopy(trace.headOutput(layer, h, query), 0, outputs, h * Dh, Dh);
        String[] tokens = trace.tokens().display().clone();
        return new HeadWalk(c, layer, head, query, key, tokens, 0, x, in, lw, q, k, v, m.scores().clone(),
                m.weights().clone(), outputs, model.kernels());
    }

    /**
     * The walk of one decode step, from what the step computed: x (1, D) entering the layer, the new token's
     * q (Dh), all keys and values (Tk, Dh) with the first Tk-1 read from the cache, its scores and weights (Tk),
     * and every head's output (H, Dh).
     */
    static HeadWalk fromDecodeStep(Transformer model, String[] tokens, int layer, int head, int key, float[] x,
                                   float[] q, float[] keys, float[] values, float[] scores, float[] weights,
                                   float[] headOutputs) {
        ModelConfig c = model.config();
        int Tk = tokens.length;
        check(c, layer, head, Tk - 1, key, Tk);
        LayerWeights lw = model.weights().layers().get(layer);
        return new HeadWalk(c, layer, head, Tk - 1, key, tokens.clone(), Tk - 1, x, projectionInput(model, lw, x, 1),
                lw, q, keys, values, scores, weights, headOutputs, model.kernels());
    }

    /** Throws a readable IllegalArgumentException when the selection does not exist in this model and text. */
    static void check(ModelConfig c, int layer, int head, int query, int key, int T) {
        if (layer < 0 || layer >= c.layers())
            throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0…" + (c.layers() - 1));
        if (head < 0 || head >= c.heads())
            throw new IllegalArgumentException("head " + head + " does not exist: the model has heads 0…" + (c.heads() - 1));
        if (query < 0 || query >= T)
            throw new IllegalArgumentException("query token " + query + " is outside the text's tokens 0…" + (T - 1));
        if (key < 0 || key >= T)
            throw new IllegalArgumentException("key token " + key + " is outside the text's tokens 0…" + (T - 1));
    }

    /** LN1(x) for pre-LN models (GPT-2), where the projections read the normalised stream; x itself for post-LN. */
    private static float[] projectionInput(Transformer model, LayerWeights lw, float[] x, int R) {
        if (!model.config().causal()) return x;
        float[] out = new float[x.length]; // (R, D)
        model.kernels().layerNorm(out, x, lw.norm1().gamma(), lw.norm1().beta(), R, model.config().dModel(),
                model.config().eps());
        return out;
    }

    /** Columns n0 … n0+width-1 of w (K, N) as a row-major (K, width) copy. */
    private static float[] columns(Matrix w, int n0, int width) {
        float[] out = new float[w.rows() * width]; // (K, width)
        for (int k = 0; k < w.rows(); k++)
            for (int n = 0; n < width; n++) out[k * width + n] = w.get(k, n0 + n);
        return out;
    }

    private static double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0;
        for (int d = 0; d < n; d++) sum += (double) a[aOff + d] * b[bOff + d];
        return sum;
    }

    // ---- what the stages read ----

    public ModelConfig config() {
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

    /** Whether the norm before the projections is part of the block's attention input (pre-LN). */
    public boolean preNorm() {
        return config.causal();
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

    /** q_i·k_j/√Dh from the pass. */
    public float score(int j) {
        return scores[(query - firstComputed) * tokens.length + j];
    }

    /** √Dh, the divisor. */
    public double scaleDivisor() {
        return Math.sqrt(config.dHead());
    }

    public boolean masked(int row, int j) {
        return config.causal() && j > row;
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

    /** The output projection (H·Dh, D), read-only. */
    public Matrix wo() {
        return wo;
    }

    public float[] bo() {
        return bo.clone();
    }

    /** (D) concat · W_O + b_O. */
    public float[] attentionOutput() {
        return attentionOutput.clone();
    }

    /** (D) the residual stream after the attention sublayer: x + attention output. */
    public float[] afterAttention() {
        float[] x = blockInputRow();
        for (int d = 0; d < x.length; d++) x[d] += attentionOutput[d];
        return x;
    }

    /** (D) LN1(x + attention output) for post-LN models (BERT), the stream the MLP reads; null for pre-LN. */
    public float[] postNorm() {
        return postNorm == null ? null : postNorm.clone();
    }

    private static float[] row(float[] a, int r, int width) {
        return Arrays.copyOfRange(a, r * width, (r + 1) * width);
    }
}
