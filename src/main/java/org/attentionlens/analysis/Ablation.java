package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.Intervention;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Switches heads off and re-runs the text, to see what they were for: how the next-token distribution moves (causal
 * models) and how later heads' attention changes. A head is switched off by zeroing its output before W_O, or by
 * setting it to its mean output over the text's positions (mean ablation: it keeps writing its average, so what is
 * measured is what it adds at each position beyond that). Legend as in {@link ModelSpec}; T tokens, V vocabulary.
 *
 * @param mode            zero or mean ablation
 * @param baseline        the text with every head on
 * @param ablated         the same text with the mask's heads off
 * @param attentionChange (L)(H) mean |Δα_ij| over each head's valid cells; exactly 0 up to the first ablated
 *                        layer, whose attention is computed before any switched-off output is used
 * @param hiddenChange    ‖Δ final hidden states‖ / ‖baseline's‖ over the whole text (Frobenius)
 * @param nextToken       the next-token shift, or null for an encoder
 */
public record Ablation(HeadMask mask, Mode mode, AttentionTrace baseline, AttentionTrace ablated, double[][] attentionChange,
                       double hiddenChange, NextTokenShift nextToken) {

    /** How a head is switched off. */
    public enum Mode {
        /** Its output set to 0. */
        ZERO,
        /** Its output set to its mean over the text's positions. */
        MEAN
    }

    /**
     * How the distribution after the last token moved.
     *
     * @param klDivergence KL(before ‖ after) in nats
     * @param maxAbsDeltaP max over tokens of |p_after − p_before|
     * @param top          the ten most likely tokens before and after, merged, by p before descending
     */
    public record NextTokenShift(double klDivergence, double maxAbsDeltaP, List<TokenShift> top) {
        public NextTokenShift {
            top = List.copyOf(top);
        }
    }

    /** One token's probability before and after the ablation. */
    public record TokenShift(int id, double pBefore, double pAfter) {
    }

    public Ablation {
        double[][] copy = new double[attentionChange.length][];
        for (int l = 0; l < copy.length; l++) copy[l] = attentionChange[l].clone();
        attentionChange = copy;
    }

    /** Mean |Δα| of head h in layer l. */
    public double attentionChange(int layer, int head) {
        return attentionChange[layer][head];
    }

    @Override
    public double[][] attentionChange() {
        double[][] copy = new double[attentionChange.length][];
        for (int l = 0; l < copy.length; l++) copy[l] = attentionChange[l].clone();
        return copy;
    }

    /** Re-runs the baseline's text with the mask's heads off (zero ablation). */
    public static Ablation run(AttentionTrace baseline, HeadMask mask) {
        return run(baseline, mask, Mode.ZERO);
    }

    /** Re-runs the baseline's text with the mask's heads zeroed or set to their mean over the baseline's positions. */
    public static Ablation run(AttentionTrace baseline, HeadMask mask, Mode mode) {
        Intervention how = mode == Mode.ZERO ? mask : HeadReplacement.mean(baseline, mask.heads());
        AttentionTrace ablated = AttentionTrace.capture(baseline.model(), baseline.tokens(), how);
        ModelSpec c = baseline.config();
        double[][] change = new double[c.layers()][c.heads()];
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) change[l][h] = HeadMeasures.meanAbsDifference(baseline.head(l, h), ablated.head(l, h));
        NextTokenShift shift = c.causal() ? shift(baseline.logitsLast(), ablated.logitsLast()) : null;
        return new Ablation(mask, mode, baseline, ablated, change, relativeChange(baseline.hidden(), ablated.hidden()),
                shift);
    }

    /** How the next-token distribution moved from logits before (V) to after (V). */
    public static NextTokenShift shift(float[] before, float[] after) {
        double[] p = Probabilities.softmax(before), q = Probabilities.softmax(after); // (V) each
        double kl = 0, maxDelta = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) kl += p[i] * (Math.log(p[i]) - Math.log(q[i]));
            maxDelta = Math.max(maxDelta, Math.abs(p[i] - q[i]));
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (int id : Ranking.top(p, 10)) ids.add(id);
        for (int id : Ranking.top(q, 10)) ids.add(id);
        List<TokenShift> top = new ArrayList<>();
        for (int id : ids) top.add(new TokenShift(id, p[id], q[id]));
        top.sort((x, y) -> Double.compare(y.pBefore(), x.pBefore()));
        return new NextTokenShift(kl, maxDelta, top);
    }

    private static double relativeChange(float[] before, float[] after) {
        double diff = 0, norm = 0;
        for (int i = 0; i < before.length; i++) {
            double d = (double) after[i] - before[i];
            diff += d * d;
            norm += (double) before[i] * before[i];
        }
        return norm == 0 ? 0 : Math.sqrt(diff / norm);
    }
}
