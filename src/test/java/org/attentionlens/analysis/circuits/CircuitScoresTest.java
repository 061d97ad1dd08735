package org.attentionlens.analysis.circuits;

import org.attentionlens.analysis.PlantedInduction;
import org.attentionlens.analysis.SharpCopying;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.attentionlens.analysis.circuits.CircuitScores.Kind;
import static org.junit.jupiter.api.Assertions.*;

/** Circuit scores on hand-wired circuits with known answers, against a direct computation, and on brown-gpt. */
class CircuitScoresTest {

    /** The planted induction head reads the previous-token head's output through its keys, and only that. */
    @Test
    void thePlantedInductionHeadKComposesWithThePreviousTokenHead() {
        CircuitScores s = CircuitScores.run(PlantedInduction.build(), Progress.NONE);
        // QK₂ OV₁ᵀ chains two rank-64 identity-like maps perfectly: ‖AB‖/(‖A‖‖B‖) = 1/√64, the most such a pair can score
        assertEquals(0.125, s.composition(Kind.K, 0, 0, 1, 0), 1e-6);
        for (Kind kind : Kind.values())
            for (int w = 0; w < 4; w++)
                for (int r = 0; r < 4; r++) {
                    double x = s.composition()[kind.ordinal()][w][r];
                    if (kind == Kind.K && w == 0 && r == 2) continue;
                    assertTrue(Double.isNaN(x) || x < 1e-6, kind + " " + w + "→" + r + ": " + x);
                }
        assertTrue(Double.isNaN(s.composition(Kind.Q, 0, 1, 1, 0)), "head 0.1 writes nothing: no score");
        assertTrue(Double.isNaN(s.composition(Kind.K, 1, 0, 0, 0)), "a later head cannot write to an earlier one");
    }

    /** A head whose OV circuit is +identity on tokens copies (score 1); −identity suppresses (score −1). */
    @Test
    void copyingScoresOfTheHandWiredHeadsArePlusAndMinusOne() {
        CircuitScores s = CircuitScores.run(SharpCopying.build(), Progress.NONE);
        assertEquals(1, s.copying()[0][0], 1e-9);
        assertEquals(-1, s.copying()[0][1], 1e-9);
    }

    /**
     * The scores computed in the Dh basis (Cholesky factors, one product per pair of layers) against the definition
     * with the full D × D matrices OV = W_V W_O and QK = W_Q W_Kᵀ: grouped-query attention, QK-norm, output norms.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2-gqa", "qwen3", "gemma2", "neox"})
    void theDhBasisGivesTheDefinitionsNumbers(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 12, Kernels.best());
        CircuitScores s = CircuitScores.run(model, Progress.NONE);
        int D = c.dModel(), Dh = c.dHead();
        FoldedLayer a = FoldedLayer.of(c, model.weights().layers().get(0)), b = FoldedLayer.of(c, model.weights().layers().get(1));
        for (int h1 = 0; h1 < c.heads(); h1++)
            for (int h2 = 0; h2 < c.heads(); h2++) {
                double[] ov1 = Dense.times(a.v[c.kvHeadOf(h1)], a.o[h1], D, Dh, D); // (D, D)
                double[] ov2 = Dense.times(b.v[c.kvHeadOf(h2)], b.o[h2], D, Dh, D);
                double[] qk2 = Dense.times(b.q[h2], Dense.transpose(b.k[c.kvHeadOf(h2)], D, Dh), D, Dh, D);
                double q = ratio(Dense.times(ov1, qk2, D, D, D), ov1, qk2);
                double k = ratio(Dense.times(qk2, Dense.transpose(ov1, D, D), D, D, D), ov1, qk2);
                double v = ratio(Dense.times(ov1, ov2, D, D, D), ov1, ov2);
                assertEquals(q, s.composition(Kind.Q, 0, h1, 1, h2), 1e-5, "Q " + h1 + "→" + h2);
                assertEquals(k, s.composition(Kind.K, 0, h1, 1, h2), 1e-5, "K " + h1 + "→" + h2);
                assertEquals(v, s.composition(Kind.V, 0, h1, 1, h2), 1e-5, "V " + h1 + "→" + h2);
            }
        for (double[] row : s.copying())
            for (double x : row) assertTrue(x >= -1 - 1e-9 && x <= 1 + 1e-9, "copying " + x);
    }

    /** The brown-gpt card's circuit: the induction head L1.H3 K-composes with the previous-token head L0.H1. */
    @Test
    void brownGptsInductionHeadKComposesWithItsPreviousTokenHead() throws Exception {
        CircuitScores s = CircuitScores.run(ModelRegistry.load(ModelRegistry.BROWN_GPT, Progress.NONE).transformer(), Progress.NONE);
        double pair = s.composition(Kind.K, 0, 1, 1, 3);
        for (int h = 0; h < 4; h++)
            if (h != 1) assertTrue(pair > 2 * s.composition(Kind.K, 0, h, 1, 3), "L0.H1 above L0.H" + h + ": " + pair);
        assertTrue(pair > 2 * s.median(Kind.K), pair + " against the median " + s.median(Kind.K));
        assertTrue(s.copying()[1][3] > 0.5, "an induction head copies: " + s.copying()[1][3]);
    }

    @Test
    void anEncoderHasCompositionButNoCopyingScore() {
        CircuitScores s = CircuitScores.run(RandomWeights.create(Recipes.named("bert"), 3, Kernels.best()), Progress.NONE);
        assertTrue(Double.isNaN(s.copying()[0][0]));
        assertFalse(Double.isNaN(s.composition(Kind.V, 0, 0, 2, 3)));
    }

    private static double ratio(double[] product, double[] a, double[] b) {
        return Dense.frobenius(product) / (Dense.frobenius(a) * Dense.frobenius(b));
    }
}
