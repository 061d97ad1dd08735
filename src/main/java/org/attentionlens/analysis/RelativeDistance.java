package org.attentionlens.analysis;

import org.attentionlens.model.HeadMatrices;

/**
 * One head's attention as a function of relative distance over a text: for every d = i − j, the mean weight and mean
 * score of the cells at that distance the mask leaves visible. A previous-token head peaks at d = 1, a local head
 * falls off within a few tokens, a long-range or sink head keeps weight at large d; on a log axis of d all three
 * read at a glance. Sums run in double over the head's own matrices.
 * <p>Legend: T tokens; d from −(T − 1) (key after the query, encoders only) to T − 1; index d + T − 1.
 *
 * @param T           tokens
 * @param weightSums  (2T − 1) Σ α_ij over the visible cells with i − j = d
 * @param scoreSums   (2T − 1) Σ s_ij over the same cells (the scores the softmax read)
 * @param counts      (2T − 1) how many visible cells have i − j = d
 */
public record RelativeDistance(int T, double[] weightSums, double[] scoreSums, int[] counts) {

    public static RelativeDistance of(HeadMatrices m) {
        int T = m.T();
        double[] w = new double[2 * T - 1], s = new double[2 * T - 1];
        int[] n = new int[2 * T - 1];
        float[] weights = m.weights(), scores = m.scores();
        for (int i = 0; i < T; i++)
            for (int j = m.mask().first(i), end = m.mask().end(i, T); j < end; j++) { // the visible keys of row i
                int x = i - j + T - 1;
                w[x] += weights[i * T + j];
                s[x] += scores[i * T + j];
                n[x]++;
            }
        return new RelativeDistance(T, w, s, n);
    }

    /** Visible cells at distance d (0 outside −(T−1) … T−1). */
    public int count(int d) {
        int x = d + T - 1;
        return x < 0 || x >= counts.length ? 0 : counts[x];
    }

    /** Mean weight α over the visible cells with i − j = d; NaN where there are none. */
    public double meanWeight(int d) {
        int n = count(d);
        return n == 0 ? Double.NaN : weightSums[d + T - 1] / n;
    }

    /** Mean score over the visible cells with i − j = d; NaN where there are none. */
    public double meanScore(int d) {
        int n = count(d);
        return n == 0 ? Double.NaN : scoreSums[d + T - 1] / n;
    }

    /** Whether any visible key lies after its query (a bidirectional head). */
    public boolean looksAhead() {
        for (int d = 1; d < T; d++) if (count(-d) > 0) return true;
        return false;
    }

    /** The distance with the largest mean weight (ties: the nearer one). */
    public int peak() {
        int best = 0;
        for (int d = -(T - 1); d < T; d++)
            if (count(d) > 0 && (count(best) == 0 || meanWeight(d) > meanWeight(best)
                    || meanWeight(d) == meanWeight(best) && Math.abs(d) < Math.abs(best))) best = d;
        return best;
    }

    /** The mean over rows of Σ_j α_ij |i − j|: the head's mean attention distance ({@link HeadMeasures#distance}). */
    public double meanDistance() {
        double sum = 0;
        for (int d = -(T - 1); d < T; d++) sum += Math.abs(d) * weightSums[d + T - 1];
        return sum / T;
    }
}
