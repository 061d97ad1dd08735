package org.attentionlens.ui.head;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;

/**
 * How one cell's numbers arise, with the real values of this pass: score = (q_i·k_j)·(1/√Dh), the softmax
 * weight α_ij, and the weighted value α_ij·v_j whose norm after W_O^h is the value contribution.
 * Legend: Dh head width; i query, j key.
 *
 * @param q             (Dh) q_i of this head
 * @param k             (Dh) k_j read by this head
 * @param product       (Dh) q_i ∘ k_j elementwise; sums to {@code dot}
 * @param dot           q_i·k_j, summed in double
 * @param scale         1/√Dh
 * @param score         the trace's score q_i·k_j/√Dh (equals dot·scale to float rounding)
 * @param weight        α_ij, 0 where masked
 * @param weightedValue (Dh) α_ij·v_j
 * @param valueNorm     ‖v_j W_O^h‖
 * @param contribution  ‖α_ij v_j W_O^h‖ = α_ij·valueNorm
 */
public record CellDetails(int layer, int head, int query, int key, String queryToken, String keyToken, float[] q,
                          float[] k, float[] product, double dot, double scale, float score, float weight,
                          float[] weightedValue, float valueNorm, float contribution, boolean masked) {

    public static CellDetails of(AttentionTrace trace, HeadMatrices m, int i, int j) {
        int l = m.layer(), h = m.head();
        float[] q = trace.query(l, h, i), k = trace.key(l, h, j), v = trace.value(l, h, j);
        int Dh = q.length;
        float[] product = new float[Dh]; // (Dh)
        double dot = 0;
        for (int d = 0; d < Dh; d++) {
            product[d] = q[d] * k[d];
            dot += (double) q[d] * k[d];
        }
        float w = m.weight(i, j);
        float[] weighted = new float[Dh]; // (Dh)
        for (int d = 0; d < Dh; d++) weighted[d] = w * v[d];
        String[] display = trace.tokens().display();
        return new CellDetails(l, h, i, j, display[i], display[j], q, k, product, dot, 1 / Math.sqrt(Dh),
                m.score(i, j), w, weighted, trace.valueNorm(l, h, j), m.contribution(i, j), m.masked(i, j));
    }
}
