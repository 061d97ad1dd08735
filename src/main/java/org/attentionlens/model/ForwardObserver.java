package org.attentionlens.model;

/**
 * Taps at named points of the forward pass (Jlama's idea): the math calls these, never a view.
 * Every array passed in is the pass's own scratch, valid only during the call: copy what you keep.
 * A plain pass uses {@link #NONE} and pays nothing: per-head matrices and value norms are only computed
 * for layers whose {@code wants…} answers true. Legend as in {@link ModelConfig}; T new tokens this call,
 * Tk = keys attended over (cached + new), pos0 = position of the first new token.
 * Per-head taps may be called from several threads at once, for different heads.
 */
public interface ForwardObserver {
    ForwardObserver NONE = new ForwardObserver() {
    };

    /** Ask for {@link #onHead} in this layer: full raw scores and weights of every head. */
    default boolean wantsHeadMatrices(int layer) {
        return false;
    }

    /** Ask for {@link #onValueNorms} in this layer (costs one extra T·D·D matmul). */
    default boolean wantsValueNorms(int layer) {
        return false;
    }

    /** x (T, D): the embeddings entering layer 0 (after BERT's embedding norm). */
    default void onEmbeddings(float[] x, int T) {
    }

    /** q (T, H·Dh), k and v (T, Hkv·Dh): this call's new projections, before k and v enter the cache. */
    default void onQkv(int layer, float[] q, float[] k, float[] v, int pos0, int T) {
    }

    /**
     * One head's matrices over all Tk keys. scores (T, Tk) are q·k/√Dh before the mask (masked cells
     * computed too); weights (T, Tk) the softmax, exactly 0 where masked.
     */
    default void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
    }

    /** norms (H, T): ‖v_j W_O^h‖ for the T new positions j (Kobayashi et al. 2020). */
    default void onValueNorms(int layer, float[] norms, int pos0, int T) {
    }

    /** heads (T, H·Dh): every head's output Σ_j α_ij v_j, concatenated, before W_O. */
    default void onAttentionOutput(int layer, float[] heads, int T) {
    }

    /** x (T, D): the residual stream after block {@code layer}. */
    default void onBlockOutput(int layer, float[] x, int T) {
    }

    /** logits (V) for the last new position (causal models only). */
    default void onLogits(float[] logits) {
    }
}
