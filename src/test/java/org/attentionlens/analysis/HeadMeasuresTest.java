package org.attentionlens.analysis;

import org.attentionlens.model.AttentionMask;
import org.attentionlens.model.HeadMatrices;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Every measure on small heads built by hand, against values worked out on paper (tolerance 1e-6). */
class HeadMeasuresTest {
    private static final double EPS = 1e-6;

    /**
     * Causal, T = 3. Weights        Value norms ‖v_j W_O‖ = (2, 1, 4), so contributions
     * row 0: 1    0    0           2    0    0
     * row 1: .25  .75  0           .5   .75  0
     * row 2: .5   .25  .25         1    .25  1
     */
    private static HeadMatrices causal() {
        float[] w = {1, 0, 0, .25f, .75f, 0, .5f, .25f, .25f};
        float[] norms = {2, 1, 4};
        float[] c = new float[9];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) c[i * 3 + j] = w[i * 3 + j] * norms[j];
        return new HeadMatrices(0, 0, 3, new float[9], w, c, AttentionMask.CAUSAL);
    }

    @Test
    void entropyInNatsMeanAndSpread() {
        HeadMatrices m = causal();
        double h1 = -(.25 * Math.log(.25) + .75 * Math.log(.75)); // 0.562335
        double h2 = -(.5 * Math.log(.5) + 2 * .25 * Math.log(.25)); // 1.039721
        assertArrayEquals(new double[]{0, h1, h2}, HeadMeasures.rowEntropies(m), EPS);
        HeadMeasures.Values v = HeadMeasures.measure(m, new int[]{7, 9, 7});
        double mean = (h1 + h2) / 3;
        assertEquals(0.534019, mean, 1e-6);
        assertEquals(mean, v.entropy(), EPS);
        double var = (mean * mean + (h1 - mean) * (h1 - mean) + (h2 - mean) * (h2 - mean)) / 3;
        assertEquals(Math.sqrt(var), v.entropyStd(), EPS);
        assertEquals((h1 / Math.log(2) + h2 / Math.log(3)) / 2, v.normalisedEntropy(), EPS, "row 0 has one key: left out");
    }

    @Test
    void pointMeasures() {
        HeadMeasures.Values v = HeadMeasures.measure(causal(), new int[]{7, 9, 7});
        assertEquals((1 + .75 + .5) / 3, v.confidence(), EPS);
        assertEquals((.25 + .25) / 2, v.previousToken(), EPS);
        assertEquals((.25 + .5) / 2, v.sink(), EPS, "row 0 sees only itself: forced, left out");
        assertEquals((.75 + .25) / 2, v.self(), EPS, "row 0 sees only itself: forced, left out");
        assertEquals((0 + .25 * 1 + (.5 * 2 + .25 * 1)) / 3, v.distance(), EPS);
        assertEquals((2 / 2.0 + .5 / 1.25 + 1 / 2.25) / 3, v.sinkValueShare(), EPS);
        // Row 2's token 7 occurred at 0, followed by position 1: weight .25. Row 1's token 9 is new.
        assertEquals(.25, v.prefixMatching(), EPS);
        assertTrue(Double.isNaN(HeadMeasures.prefixMatching(causal(), new int[]{1, 2, 3})), "no repeat: no value");
    }

    @Test
    void valueWeightedRowsAreNormalisedContributions() {
        float[] vw = HeadMeasures.valueWeighted(causal());
        assertArrayEquals(new float[]{1, 0, 0, .4f, .6f, 0, 1 / 2.25f, .25f / 2.25f, 1 / 2.25f}, vw, 1e-6f);
    }

    @Test
    void encoderRowsUseEveryKey() {
        // Bidirectional, T = 2: rows (.5, .5) and (.9, .1).
        float[] w = {.5f, .5f, .9f, .1f};
        HeadMatrices m = new HeadMatrices(0, 0, 2, new float[4], w, w.clone(), AttentionMask.BIDIRECTIONAL);
        HeadMeasures.Values v = HeadMeasures.measure(m, new int[]{1, 1});
        double h0 = Math.log(2), h1 = -(.9 * Math.log(.9) + .1 * Math.log(.1));
        assertEquals((h0 + h1) / 2, v.entropy(), EPS);
        assertEquals((1 + h1 / Math.log(2)) / 2, v.normalisedEntropy(), EPS);
        assertEquals(.9, v.previousToken(), EPS);
        assertEquals((.5 + .9) / 2, v.sink(), EPS);
        assertEquals((.5 + .1) / 2, v.self(), EPS);
        assertEquals((.5 + .9) / 2, v.distance(), EPS);
        assertEquals(.1, v.prefixMatching(), EPS, "row 1's token repeats id 1 at 0, followed by key 1");
    }

    @Test
    void classificationFollowsTheStatedThresholdsInOrder() {
        assertEquals(HeadKind.INDUCTION, HeadKind.classify(0.3, 0.9, 0.9, 1, 0.9));
        assertEquals(HeadKind.PREVIOUS_TOKEN, HeadKind.classify(0.29, 0.5, 0.9, 1, 0.9));
        assertEquals(HeadKind.PREVIOUS_TOKEN, HeadKind.classify(null, 0.5, 0.9, 1, 0.9));
        assertEquals(HeadKind.SINK, HeadKind.classify(0.1, 0.49, 0.5, 1, 0.9));
        assertEquals(HeadKind.LOCAL, HeadKind.classify(0.1, 0.4, 0.4, 2, 0.9));
        assertEquals(HeadKind.BROAD, HeadKind.classify(0.1, 0.4, 0.4, 2.1, 0.7));
        assertEquals(HeadKind.MIXED, HeadKind.classify(0.1, 0.4, 0.4, 2.1, 0.69));
    }

    @Test
    void aPreviousTokenHeadHasNoSelfOrSinkScoreFromTheForcedFirstRow() {
        // Causal, T = 6, every row i ≥ 1 puts all its weight on i − 1; row 0 can only attend to itself.
        int T = 6;
        float[] w = new float[T * T];
        w[0] = 1;
        for (int i = 1; i < T; i++) w[i * T + i - 1] = 1;
        HeadMatrices m = new HeadMatrices(0, 0, T, new float[T * T], w, w.clone(), AttentionMask.CAUSAL);
        HeadMeasures.Values v = HeadMeasures.measure(m, new int[]{1, 2, 3, 4, 5, 6});
        assertEquals(0, v.self(), EPS, "not 1/6: the first row's self-weight is forced");
        assertEquals(0.2, v.sink(), EPS, "only row 1 attends to position 0 by choice: 1 of 5 free rows");
        assertEquals(1, v.previousToken(), EPS);
        HeadMatrices one = new HeadMatrices(0, 0, 1, new float[1], new float[]{1}, new float[]{1}, AttentionMask.CAUSAL);
        assertTrue(Double.isNaN(HeadMeasures.self(one)), "a one-token causal text has no free row");
    }

    @Test
    void theSinkAndSelfDefinitionsSayForcedRowsAreLeftOut() {
        for (Measure m : new Measure[]{Measure.SINK, Measure.SELF})
            assertTrue(m.definition().contains("forced") || m.definition().contains("Forced"), m.key());
        assertEquals(Measure.values().length, java.util.Arrays.stream(Measure.values()).map(Measure::definition)
                .distinct().count(), "each column explains itself, no copied definitions");
    }
}
