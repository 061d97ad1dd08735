package org.attentionlens.ui.head;

import org.attentionlens.model.HeadMatrices;

import java.util.List;

/**
 * The mean row of several selected queries: how, on average, these tokens spread their attention (e.g. every
 * occurrence of "it"). Legend: T keys.
 *
 * @param rows    the query rows averaged, ascending
 * @param weights (T) mean softmax weight on each key; it sums to 1 like a row
 * @param scores  (T) mean score over the rows where the key is visible; NaN where it is masked in every row
 * @param masked  (T) whether every averaged row is masked at the key
 */
public record MeanRow(List<Integer> rows, float[] weights, float[] scores, boolean[] masked) {

    public static MeanRow of(HeadMatrices m, List<Integer> rows) {
        int T = m.T();
        float[] w = new float[T], s = new float[T]; // (T) each
        boolean[] masked = new boolean[T];
        for (int j = 0; j < T; j++) {
            double ws = 0, ss = 0;
            int seen = 0;
            for (int i : rows) {
                ws += m.weight(i, j);
                if (m.masked(i, j)) continue;
                ss += m.score(i, j);
                seen++;
            }
            w[j] = (float) (ws / rows.size());
            s[j] = seen == 0 ? Float.NaN : (float) (ss / seen);
            masked[j] = seen == 0;
        }
        return new MeanRow(List.copyOf(rows), w, s, masked);
    }
}
