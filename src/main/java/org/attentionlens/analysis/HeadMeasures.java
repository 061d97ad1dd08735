package org.attentionlens.analysis;

import org.attentionlens.model.HeadMatrices;

/**
 * The measures of {@link Measure} for one head on one text: pure functions of its {@link HeadMatrices}.
 * Legend: T tokens; row i = query, column j = key; n_i valid keys of row i (those the head's mask leaves, i + 1 in a
 * causal model). A row with a single valid key is forced: its one weight is 1 whatever the head does (query row 0
 * of a causal model), so the sink and self scores leave such rows out. Sums run in double.
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
     * @param sink              mean α_i0 over rows that are not forced; NaN when every row is
     * @param sinkValueShare    mean over rows of the first position's share of ‖α_ij v_j W_O^h‖ over j
     * @param self              mean α_ii over rows that are not forced; NaN when every row is
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

    /** n_i, the keys row i may attend to: those the head's own mask leaves. */
    static int validKeys(HeadMatrices m, int i) {
        int n = 0;
        for (int j = 0; j < m.T(); j++) if (!m.masked(i, j)) n++;
        return n;
    }

    /** Whether row i has one valid key only, so its weight there is 1 by construction, not by the head's choice. */
    static boolean forced(HeadMatrices m, int i) {
        return validKeys(m, i) == 1;
    }

    /** (T) H_i = −Σ_j α_ij ln α_ij in nats; 0 · ln 0 = 0. */
    public static double[] rowEntropies(HeadMatrices m) {
        double[] h = new double[m.T()];
        for (int i = 0; i < m.T(); i++) {
            double sum = 0;
            for (int j = 0; j < m.T(); j++) {
                double a = m.weight(i, j);
                if (a > 0) sum -= a * Math.log(a); // masked weights are exactly 0
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
            for (int j = 0; j < m.T(); j++) max = Math.max(max, m.weight(i, j));
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
        return meanOverFreeRows(m, i -> m.weight(i, 0));
    }

    public static double self(HeadMatrices m) {
        return meanOverFreeRows(m, i -> m.weight(i, i));
    }

    /** The mean of f(i) over the rows that are not forced; NaN when all are. */
    private static double meanOverFreeRows(HeadMatrices m, java.util.function.IntToDoubleFunction f) {
        double sum = 0;
        int rows = 0;
        for (int i = 0; i < m.T(); i++) {
            if (forced(m, i)) continue;
            sum += f.applyAsDouble(i);
            rows++;
        }
        return rows == 0 ? Double.NaN : sum / rows;
    }

    public static double distance(HeadMatrices m) {
        double sum = 0;
        for (int i = 0; i < m.T(); i++)
            for (int j = 0; j < m.T(); j++) sum += m.weight(i, j) * Math.abs(i - j);
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

    /** Mean over the visible cells (those a's mask leaves) of |α_ij − α'_ij|: how far a head's attention moved. */
    public static double meanAbsDifference(HeadMatrices a, HeadMatrices b) {
        double sum = 0;
        long cells = 0;
        for (int i = 0; i < a.T(); i++)
            for (int j = 0; j < a.T(); j++) {
                if (a.masked(i, j)) continue;
                sum += Math.abs((double) a.weight(i, j) - b.weight(i, j));
                cells++;
            }
        return sum / cells;
    }
}
