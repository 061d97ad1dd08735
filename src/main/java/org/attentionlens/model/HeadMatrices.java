package org.attentionlens.model;

/**
 * One head's three query × key matrices for a whole text. Legend: T tokens; row i = query, column j = key.
 *
 * @param scores       (T, T) q_i·k_j/√Dh before the mask (masked cells hold the raw value too)
 * @param weights      (T, T) softmax weights α_ij, exactly 0 where masked
 * @param contributions (T, T) ‖α_ij v_j W_O^h‖, how much key j's value moves into query i's output
 * @param causal       whether cells j &gt; i are masked
 */
public record HeadMatrices(int layer, int head, int T, float[] scores, float[] weights, float[] contributions,
                           boolean causal) {

    public boolean masked(int i, int j) {
        return causal && j > i;
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
