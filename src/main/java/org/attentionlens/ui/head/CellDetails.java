package org.attentionlens.ui.head;

import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;

/**
 * How one cell's numbers arise, with the real values of this pass: score = (q_i·k_j)·scale (then cap·tanh(s/cap) in
 * a soft-capped model), the softmax weight α_ij, and the weighted value α_ij·v_j whose norm after W_O^h is the value
 * contribution. In a rotary model, the score taken apart by frequency pair. Legend: Dh head width; i query, j key.
 *
 * @param q              (Dh) q_i of this head, as the scores read it (after QK-norm and RoPE)
 * @param k              (Dh) k_j read by this head
 * @param product        (Dh) q_i ∘ k_j elementwise; sums to {@code dot}
 * @param dot            q_i·k_j, summed in double
 * @param scale          the attention scale: 1/√Dh, or the model's own (Gemma's query_pre_attn_scalar^−½)
 * @param scoreBeforeCap dot·scale, what the soft-cap bends; NaN in a model without one
 * @param score          the trace's score (dot·scale, soft-capped where the model caps; equal to float rounding)
 * @param weight         α_ij, 0 where masked
 * @param weightedValue  (Dh) α_ij·v_j
 * @param valueNorm      ‖v_j W_O^h‖
 * @param contribution   ‖α_ij v_j W_O^h‖ = α_ij·valueNorm
 * @param masked         whether the layer's mask hides key j from query i
 * @param outsideWindow  whether it is the layer's sliding window that hides it (key too far back)
 * @param kvShare        "reads KV head 2 of 8, shared with heads 8–11", empty for plain multi-head attention
 * @param rope           the score by frequency pair; null where the layer has no rotary embedding
 * @param tokens         T, the text's length (which pairs turn within it)
 */
public record CellDetails(int layer, int head, int query, int key, String queryToken, String keyToken, float[] q,
                          float[] k, float[] product, double dot, double scale, double scoreBeforeCap, float score,
                          float weight, float[] weightedValue, float valueNorm, float contribution, boolean masked,
                          boolean outsideWindow, String kvShare, RopeDecomposition rope, int tokens) {

    public static CellDetails of(AttentionTrace trace, HeadMatrices m, int i, int j) {
        int l = m.layer(), h = m.head();
        ModelSpec c = trace.config();
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
        double scale = c.attention().scale();
        double beforeCap = c.attention().softcap() > 0 ? dot * scale : Double.NaN;
        return new CellDetails(l, h, i, j, display[i], display[j], q, k, product, dot, scale, beforeCap,
                m.score(i, j), w, weighted, trace.valueNorm(l, h, j), m.contribution(i, j), m.masked(i, j),
                m.outsideWindow(i, j), AttentionText.kvShare(c, h), RopeDecomposition.of(trace, l, h, i, j),
                trace.length());
    }
}
