package org.attentionlens.analysis;

import org.attentionlens.model.HeadMatrices;

/**
 * The measures of {@link Measure} for one head on one text: pure functions of its {@link HeadMatrices}.
 * Legend: T tokens; row i = query, column j = key; n_i valid keys of row i (i + 1 causal, T otherwise).
 * Sums run in double.
 */
public final class HeadMeasures {
    private HeadMeasures() {
    }

    /**
     * One head's measures on one text.
     *
     * @param entropy           mean over rows of −Σ_j α_ij ln α_ij (nats)
     * @param entropyStd        standard deviation of that over rows
     * @param normalisedEntropy mean over rows with n_i &gt; 1 of H_i / ln n_i; NaN when no row has two keys
     * @param confidence        mean row max
     * @param previousToken     mean over rows i ≥ 1 of α_i,i−1; NaN when T = 1
     * @param sink              mean α_i0
     * @param sinkValueShare    mean over rows of the first position's share of ‖α_ij v_j W_O^h‖ over j
     * @param self              mean α_ii
     * @param distance          mean over rows of Σ_j α_ij |i − j|
     * @param prefixMatching    see {@link Measure#PREFIX_MATCHING}; NaN when no token repeats
     */
    public record Values(double entropy, double entropyStd, double normalisedEntropy, double confidence,
                         double previousToken, double sink, double sinkValueShare, double self, double distance,
                         double prefixMatching) {
    }

    /** All measures; ids (T) are the text's token ids, for prefix matching. */
    public static Values measure(HeadMatrices m, int[] ids) {
        if (ids.length != m.T()) throw new IllegalArgumentException(ids.length + " ids for a " + m.T() + "-token head");
        double[] rowEntropy = rowEntropies(m);
        double mean = 0;
        for (double h : rowEntropy) mean += h;
        mean /= m.T();
        double var = 0;
        for (double h : rowEntropy) var += (h - mean) * (h - mean);
        return new Values(mean, Math.sqrt(var / m.T()), normalisedEntropy(m, rowEntropy), confidence(m),
                previousToken(m), sink(m), sinkValueShare(m), self(m), distance(m), prefixMatching(m, ids));
    }

    /** n_i, the keys row i may attend to. */
    static int validKeys(HeadMatrices m, int i) {
        return m.causal() ? i + 1 : m.T();
    }

    /** (T) H_i = −Σ_j α_ij ln α_ij in nats; 0 · ln 0 = 0. */
    public static double[] rowEntropies(HeadMatrices m) {
        double[] h = new double[m.T()];
        for (int i = 0; i < m.T(); i++) {
            double sum = 0;
            for (int j = 0; j < validKeys(m, i); j++) {
                double a = m.weight(i, j);
                if (a > 0) sum -= a * Math.log(a);
            }
            h[i] = sum;
        }
        return h;
    }

    static double normalisedEntropy(HeadMatrices m, double[] rowEntropy) {
        double sum = 0;
        int rows = 0;
        for (int i = 0; i < m.T(); i++) {
            int n = validKeys(m, i);
            if (n < 2) continue;
            sum += rowEntropy[i] / Math.log(n);
            rows++;
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }

    public static double confidence(HeadMatrices m) {
        double sum = 0;
        for (int i = 0; i < m.T(); i++) {
            double max = 0;
            for (int j = 0; j < validKeys(m, i); j++) max = Math.max(max, m.weight(i, j));
            sum += max;
        }
        return sum / m.T();
    }

    public static double previousToken(HeadMatrices m) {
        if (m.T() < 2) return Double.NaN;
        double sum = 0;
        for (int i = 1; i < m.T(); i++) sum += m.weight(i, i - 1);
        return sum / (m.T() - 1);
    }

    public static double sink(HeadMatrices m) {
        double sum = 0;
        for (int i = 0; i < m.T(); i++) sum += m.weight(i, 0);
        return sum / m.T();
    }

    public static double self(HeadMatrices m) {
        double sum = 0;
        for (int i = 0; i < m.T(); i++) sum += m.weight(i, i);
        return sum / m.T();
    }

    public static double distance(HeadMatrices m) {
        double sum = 0;
        for (int i = 0; i < m.T(); i++)
            for (int j = 0; j < validKeys(m, i); j++) sum += m.weight(i, j) * Math.abs(i - j);
        return sum / m.T();
    }

    /** (T, T) ‖α_ij v_j W_O^h‖ / Σ_j ‖α_ij v_j W_O^h‖ per row: the value-weighted counterpart of the weights. */
    public static float[] valueWeighted(HeadMatrices m) {
        int T = m.T();
        float[] out = new float[T * T]; // (T, T)
        for (int i = 0; i < T; i++) {
            double total = 0;
            for (int j = 0; j < T; j++) total += m.contribution(i, j);
            if (total == 0) continue;
            for (int j = 0; j < T; j++) out[i * T + j] = (float) (m.contribution(i, j) / total);
        }
        return out;
    }

    /** Mean over rows of position 0's value-weighted share; rows whose contributions are all 0 are skipped. */
    public static double sinkValueShare(HeadMatrices m) {
        double sum = 0;
        int rows = 0;
        for (int i = 0; i < m.T(); i++) {
            double total = 0;
            for (int j = 0; j < m.T(); j++) total += m.contribution(i, j);
            if (total == 0) continue;
            sum += m.contribution(i, 0) / total;
            rows++;
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }

    /**
     * Mean over rows i that have an earlier occurrence of their token of Σ α_ij over keys 1 ≤ j ≤ i whose
     * preceding token ids[j−1] equals ids[i]; NaN when no token repeats.
     */
    public static double prefixMatching(HeadMatrices m, int[] ids) {
        double sum = 0;
        int rows = 0;
        for (int i = 1; i < m.T(); i++) {
            double row = 0;
            boolean any = false;
            for (int j = 1; j <= i; j++)
                if (ids[j - 1] == ids[i]) {
                    row += m.weight(i, j);
                    any = true;
                }
            if (!any) continue;
            sum += row;
            rows++;
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }
}
