package org.attentionlens.model;

import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one forward pass over a text computed, for views, analysis and export. Immutable.
 * <p>Memory stays linear in T: the pass's q, k, v rows and value norms are kept, and a head's T × T matrices
 * are rebuilt on request by {@link AttentionMath}, the very code the pass ran, so the numbers are identical
 * (a test checks this bit for bit). Recent heads are cached within {@link #CACHE_BYTES}.
 * Legend as in {@link ModelSpec}; T tokens.
 */
public final class AttentionTrace {
    /** Recently viewed heads kept, by bytes: 3 T×T float matrices each (≈ 8 heads at 1024 tokens, all at 128). */
    private static final long CACHE_BYTES = 96L << 20;

    private final Transformer model;
    private final Tokens tokens;
    private final Intervention intervention; // the pass's: knocked-out edges stay knocked out when a head is rebuilt
    private final float[] embeddings;     // (T, D)
    private final float[][] q;            // (L)(T, H·Dh)
    private final float[][] k, v;         // (L)(T, Hkv·Dh)
    private final float[][] valueNorms;   // (L)(H, T) ‖v_j W_O^h‖
    private final float[][] headOutputs;  // (L)(T, H·Dh) Σ_j α_ij v_j per head, before W_O
    private final float[][] residuals;    // (L)(T, D) after each block
    private final HeadThumbnails thumbnails; // (L·H)(S, S) every head's weights shrunk during the pass
    private final float[] hidden;         // (T, D) final hidden states
    private final float[] logitsLast;     // (V) or null for encoders
    private final long nanos;
    private final Map<Integer, HeadMatrices> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, HeadMatrices> eldest) {
            return size() > Math.max(2, CACHE_BYTES / (12L * length() * length()));
        }
    };

    AttentionTrace(Transformer model, Tokens tokens, Intervention intervention, float[] embeddings, float[][] q, float[][] k, float[][] v,
                   float[][] valueNorms, float[][] headOutputs, float[][] residuals, HeadThumbnails thumbnails, float[] hidden,
                   float[] logitsLast, long nanos) {
        this.model = model;
        this.tokens = tokens;
        this.intervention = intervention;
        this.embeddings = embeddings;
        this.q = q;
        this.k = k;
        this.v = v;
        this.valueNorms = valueNorms;
        this.headOutputs = headOutputs;
        this.residuals = residuals;
        this.thumbnails = thumbnails;
        this.hidden = hidden;
        this.logitsLast = logitsLast;
        this.nanos = nanos;
    }

    /** Runs the model over tokens with full capture. */
    public static AttentionTrace capture(Transformer model, Tokens tokens) {
        return TraceRecorder.run(model, tokens, Intervention.NONE);
    }

    /** Runs the model over tokens with an intervention (heads off or patched, edges knocked out), with full capture. */
    public static AttentionTrace capture(Transformer model, Tokens tokens, Intervention intervention) {
        return TraceRecorder.run(model, tokens, intervention);
    }

    /**
     * Runs with full capture until cancelled answers true (checked after each block): then the pass stops with a
     * {@link java.util.concurrent.CancellationException}, so a caller can drop a pass nobody waits for.
     */
    public static AttentionTrace capture(Transformer model, Tokens tokens, java.util.function.BooleanSupplier cancelled) {
        return TraceRecorder.run(model, tokens, Intervention.NONE, cancelled);
    }

    public ModelSpec config() {
        return model.config();
    }

    public Tokens tokens() {
        return tokens;
    }

    public int length() {
        return tokens.size();
    }

    /** Wall time of the forward pass with capture. */
    public long nanos() {
        return nanos;
    }

    /** The head's scores, weights and value contributions, computed as the pass did. Thread-safe. */
    public HeadMatrices head(int layer, int head) {
        ModelSpec c = model.config();
        if (layer < 0 || layer >= c.layers() || head < 0 || head >= c.heads())
            throw new IndexOutOfBoundsException("no head " + layer + "." + head);
        int key = layer * c.heads() + head;
        synchronized (recent) {
            HeadMatrices m = recent.get(key);
            if (m != null) return m;
        }
        HeadMatrices m = rebuild(layer, head);
        synchronized (recent) {
            recent.put(key, m);
        }
        return m;
    }

    private HeadMatrices rebuild(int layer, int h) {
        ModelSpec c = model.config();
        int T = length(), Dh = c.dHead(), g = c.kvHeadOf(h);
        float[] scores = new float[T * T];  // (T, T)
        float[] weights = new float[T * T]; // (T, T)
        AttentionMath.scores(model.kernels(), scores, q[layer], h * Dh, c.qWidth(), k[layer], g * Dh, c.kvWidth(),
                T, T, 0, T, Dh, c.attention().scale(), c.attention().softcap());
        boolean knocked = AttentionMath.knockOut(scores, intervention, layer, h, c.mask(layer), 0, T, T);
        AttentionMath.softmax(model.kernels(), weights, scores, c.mask(layer), 0, 0, T, T, knocked);
        float[] contributions = new float[T * T]; // (T, T)
        float[] norms = valueNorms[layer];
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) contributions[i * T + j] = weights[i * T + j] * norms[h * T + j];
        return new HeadMatrices(layer, h, T, scores, weights, contributions, c.mask(layer));
    }

    /**
     * (T, T) the head's scaled q_i·k_j before the soft-cap cap·tanh(s/cap) (Gemma 2), computed by the very kernel the
     * pass ran, so the soft-cap of each equals {@link HeadMatrices#scores()}; for a model without a soft-cap, the
     * scores themselves. Not cached.
     */
    public float[] scoresBeforeCap(int layer, int h) {
        ModelSpec c = model.config();
        if (c.attention().softcap() == 0) return head(layer, h).scores().clone();
        int T = length(), Dh = c.dHead();
        float[] scores = new float[T * T]; // (T, T)
        AttentionMath.scores(model.kernels(), scores, q[layer], h * Dh, c.qWidth(), k[layer], c.kvHeadOf(h) * Dh,
                c.kvWidth(), T, T, 0, T, Dh, c.attention().scale(), 0);
        return scores;
    }

    /** Every head's weights shrunk during the pass (thumbnails of at most {@link HeadThumbnails#SIDE} a side). */
    public HeadThumbnails thumbnails() {
        return thumbnails;
    }

    /** q_i of head h: (Dh) copy. */
    public float[] query(int layer, int h, int i) {
        int Dh = config().dHead();
        return Arrays.copyOfRange(q[layer], i * config().qWidth() + h * Dh, i * config().qWidth() + (h + 1) * Dh);
    }

    /** k_j read by query head h: (Dh) copy. */
    public float[] key(int layer, int h, int j) {
        int Dh = config().dHead(), g = config().kvHeadOf(h);
        return Arrays.copyOfRange(k[layer], j * config().kvWidth() + g * Dh, j * config().kvWidth() + (g + 1) * Dh);
    }

    /** v_j read by query head h: (Dh) copy. */
    public float[] value(int layer, int h, int j) {
        int Dh = config().dHead(), g = config().kvHeadOf(h);
        return Arrays.copyOfRange(v[layer], j * config().kvWidth() + g * Dh, j * config().kvWidth() + (g + 1) * Dh);
    }

    /** ‖v_j W_O^h‖. */
    public float valueNorm(int layer, int h, int j) {
        return valueNorms[layer][h * length() + j];
    }

    /** Head h's output at query i, Σ_j α_ij v_j: (Dh) copy. */
    public float[] headOutput(int layer, int h, int i) {
        int Dh = config().dHead();
        return Arrays.copyOfRange(headOutputs[layer], i * config().qWidth() + h * Dh,
                i * config().qWidth() + (h + 1) * Dh);
    }

    /** The residual stream after block l: (T, D) copy. */
    public float[] residual(int layer) {
        return residuals[layer].clone();
    }

    /** The embeddings entering block 0: (T, D) copy. */
    public float[] embeddings() {
        return embeddings.clone();
    }

    /** Final hidden states (T, D) copy. */
    public float[] hidden() {
        return hidden.clone();
    }

    /** Next-token logits after the last token (V) copy, or null for an encoder. */
    public float[] logitsLast() {
        return logitsLast == null ? null : logitsLast.clone();
    }

    /** The intervention this pass ran with ({@link Intervention#NONE} for a plain pass). */
    public Intervention intervention() {
        return intervention;
    }

    /** The model that produced this trace (for re-running with changes, e.g. ablation). */
    public Transformer model() {
        return model;
    }
}
