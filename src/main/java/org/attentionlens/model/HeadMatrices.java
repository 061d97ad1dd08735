package org.attentionlens.model;

/**
 * One head's three query × key matrices for a whole text. Legend: T tokens; row i = query, column j = key.
 *
 * @param scores       (T, T) the scaled (and soft-capped) q_i·k_j before the mask (masked cells hold it too)
 * @param weights      (T, T) softmax weights α_ij, exactly 0 where masked
 * @param contributions (T, T) ‖α_ij v_j W_O^h‖, how much key j's value moves into query i's output
 * @param mask         which cells are masked (the layer's causal rule and sliding window)
 */
public record HeadMatrices(int layer, int head, int T, float[] scores, float[] weights, float[] contributions,
                           AttentionMask mask) {

    public boolean masked(int i, int j) {
        return !mask.visible(i, j);
    }

    /** Whether cell (i, j) is masked by the layer's sliding window alone (a past key too far back). */
    public boolean outsideWindow(int i, int j) {
        return mask.outsideWindow(i, j);
    }

    public boolean causal() {
        return mask.causal();
    }

    public float score(int i, int j) {
        return scores[i * T + j];
    }

    public float weight(int i, int j) {
        return weights[i * T + j];
    }

    public float contribution(int i, int j) {
        return contributions[i * T + j];
    }
}
