package org.attentionlens.model;

/**
 * A change to the forward pass, for the experiments researchers run on heads: switching a head off (zero or mean
 * ablation), patching activations from another run into this one (Meng et al. 2022; Wang et al. 2022), and
 * knocking out attention edges (Geva et al. 2023). The plain pass uses {@link #NONE}. Implementations must be
 * immutable and thread-safe: {@link #blocked} is asked from several threads at once, for different heads.
 * Legend as in {@link ModelSpec}; T new tokens this call, pos0 the position of the first.
 */
public interface Intervention {
    Intervention NONE = new Intervention() {
    };

    /** Whether any edge of this layer is knocked out (so the pass asks {@link #blocked}). */
    default boolean blocks(int layer) {
        return false;
    }

    /**
     * Whether query position i may not read key position j in this head: its score becomes −∞ before the softmax,
     * so the others share its weight; a query with every key blocked attends to nothing (weights 0).
     */
    default boolean blocked(int layer, int head, int i, int j) {
        return false;
    }

    /** May rewrite heads (T, H·Dh), every head's output Σ_j α_ij v_j, before W_O mixes them. */
    default void editHeads(int layer, float[] heads, int pos0, int T) {
    }

    /** May rewrite the residual stream x (T, D) after block {@code layer}. */
    default void editResidual(int layer, float[] x, int pos0, int T) {
    }
}
