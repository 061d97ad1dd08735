package org.attentionlens.model;

/**
 * Taps at named points of the forward pass (Jlama's idea): the math calls these, never a view.
 * Every array passed in is the pass's own scratch, valid only during the call: copy what you keep.
 * A plain pass uses {@link #NONE} and pays nothing: per-head matrices, value norms and unrotated projections are
 * only computed or copied for layers whose {@code wants…} answers true. Legend as in {@link ModelSpec}; T new
 * tokens this call, Tk = keys attended over (cached + new), pos0 = position of the first new token.
 * Per-head taps may be called from several threads at once, for different heads.
 */
public interface ForwardObserver {
    ForwardObserver NONE = new ForwardObserver() {
    };

    /** Ask for {@link #onHead} in this layer: full scores and weights of every head. */
    default boolean wantsHeadMatrices(int layer) {
        return false;
    }

    /** Ask for {@link #onValueNorms} in this layer (costs one extra T·Dh·D matmul per head). */
    default boolean wantsValueNorms(int layer) {
        return false;
    }

    /** Ask for {@link #onUnrotated} and {@link #onBeforeRope} in this layer. */
    default boolean wantsUnrotated(int layer) {
        return false;
    }

    /**
     * Ask for {@link #onHeadRows} in this layer: every head's weights a block of query rows at a time, as the pass
     * computes them anyway (no extra T × T work or memory), e.g. to downsample them on the fly.
     */
    default boolean wantsHeadRows(int layer) {
        return false;
    }

    /** x (T, D): the embeddings entering layer 0 (after any embedding scale and norm). */
    default void onEmbeddings(float[] x, int T) {
    }

    /** x (T, D): what this layer's W_Q, W_K and W_V multiply (the normed stream, or the stream itself). */
    default void onAttentionInput(int layer, float[] x, int T) {
    }

    /** q (T, H·Dh), k (T, Hkv·Dh): the projections plus bias, before QK-norm and RoPE. */
    default void onUnrotated(int layer, float[] q, float[] k, int pos0, int T) {
    }

    /** q (T, H·Dh), k (T, Hkv·Dh): after QK-norm (where the model has one), before RoPE turns them. */
    default void onBeforeRope(int layer, float[] q, float[] k, int pos0, int T) {
    }

    /** q (T, H·Dh), k and v (T, Hkv·Dh): after QK-norm and RoPE, what the scores use and the cache keeps. */
    default void onQkv(int layer, float[] q, float[] k, float[] v, int pos0, int T) {
    }

    /**
     * One head's matrices over all Tk keys. scores (T, Tk) are the scaled (and soft-capped) q·k before the mask
     * (masked cells computed too); weights (T, Tk) the softmax, exactly 0 where masked.
     */
    default void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
    }

    /**
     * weights (R, Tk): one head's softmax weights for the query rows at positions row0 … row0+R-1, exactly 0 where
     * masked (every column filled, masked or not). Valid only during the call.
     */
    default void onHeadRows(int layer, int head, float[] weights, int row0, int R, int Tk) {
    }

    /** norms (H, T): ‖v_j W_O^h‖ for the T new positions j (Kobayashi et al. 2020). */
    default void onValueNorms(int layer, float[] norms, int pos0, int T) {
    }

    /** heads (T, H·Dh): every head's output Σ_j α_ij v_j, concatenated, before W_O. */
    default void onAttentionOutput(int layer, float[] heads, int T) {
    }

    /** out (T, D): what the attention sublayer adds to the stream (after W_O, its bias and any output norm). */
    default void onAttentionResult(int layer, float[] out, int T) {
    }

    /** x (T, D): what this layer's MLP reads (the normed stream; for post-norm models the stream after attention's norm). */
    default void onMlpInput(int layer, float[] x, int T) {
    }

    /** out (T, D): what the MLP adds to the stream (after any output norm). */
    default void onMlpResult(int layer, float[] out, int T) {
    }

    /** x (T, D): the residual stream after block {@code layer}. */
    default void onBlockOutput(int layer, float[] x, int T) {
    }

    /** logits (V) for the last new position (causal models only), after any final soft-cap. */
    default void onLogits(float[] logits) {
    }
}
