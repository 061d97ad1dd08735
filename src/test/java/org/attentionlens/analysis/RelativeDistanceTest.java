package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Recipes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relative-distance profile of every head of every recipe's real pass: each distance's sums equal the head's own
 * diagonal at that distance, and together they give back the head's totals (every row's weights, every visible score)
 * and its mean attention distance; windowed layers have nothing beyond their window.
 */
class RelativeDistanceTest {

    static Iterable<String> recipes() {
        return Recipes.names();
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void theProfileSumsExactlyToTheHeadsWeightsAndScores(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        AttentionTrace trace = RopeDecompositionTest.trace(c);
        int T = trace.length();
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                HeadMatrices m = trace.head(l, h);
                RelativeDistance r = RelativeDistance.of(m);
                double weights = 0, scores = 0, allScores = 0;
                int cells = 0;
                for (int d = -(T - 1); d < T; d++) {
                    double w = 0, s = 0;
                    int n = 0;
                    for (int i = Math.max(0, d); i < T && i - d < T; i++)
                        if (!m.masked(i, i - d)) {
                            w += m.weight(i, i - d);
                            s += m.score(i, i - d);
                            n++;
                        }
                    assertEquals(n, r.count(d), "cells at distance " + d);
                    assertEquals(w, r.weightSums()[d + T - 1], 1e-5, "weights at distance " + d);
                    assertEquals(s, r.scoreSums()[d + T - 1], 1e-5, "scores at distance " + d);
                    if (n > 0) assertEquals(w / n, r.meanWeight(d), 1e-5);
                    weights += r.weightSums()[d + T - 1];
                    scores += r.scoreSums()[d + T - 1];
                    cells += r.count(d);
                }
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++) if (!m.masked(i, j)) allScores += m.score(i, j);
                assertEquals(T, weights, 1e-4, "every row's weights sum to 1");
                assertEquals(allScores, scores, 1e-4, "every visible score once");
                assertEquals(HeadMeasures.distance(m), r.meanDistance(), 1e-5, "the head table's mean distance");
                int window = c.attention().window(l);
                if (window > 0) {
                    assertEquals(0, r.count(window), "nothing at the window's width or beyond");
                    assertTrue(r.count(window - 1) > 0, "the window's last distance is visible");
                }
                assertEquals(!c.causal(), r.looksAhead());
                assertEquals(cells, countVisible(m));
            }
    }

    private static int countVisible(HeadMatrices m) {
        int n = 0;
        for (int i = 0; i < m.T(); i++) for (int j = 0; j < m.T(); j++) if (!m.masked(i, j)) n++;
        return n;
    }

    @Test
    void aPreviousTokenHeadPeaksAtDistanceOne() {
        int T = 6;
        float[] w = new float[T * T]; // (T, T) all weight on the previous token (row 0 on itself)
        w[0] = 1;
        for (int i = 1; i < T; i++) w[i * T + i - 1] = 1;
        RelativeDistance r = RelativeDistance.of(new HeadMatrices(0, 0, T, new float[T * T], w, w,
                org.attentionlens.model.AttentionMask.CAUSAL));
        assertEquals(1, r.peak());
        assertEquals(1.0, r.meanWeight(1), 0);
        assertEquals(1.0 / T, r.meanWeight(0), 1e-12, "only row 0 looks at itself");
        assertFalse(r.looksAhead());
    }
}
