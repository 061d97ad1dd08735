package org.attentionlens.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The colour-scale options on a small causal weights matrix, against colours worked out by hand. */
class MatrixColouringTest {
    // Causal, T = 3: row 0 sees only itself; position 0 takes most of every row (a sink).
    private static final float N = Float.NaN;
    private static final float[] W = {1, N, N, .9f, .1f, N, .8f, .15f, .05f};

    @Test
    void linearWeightsUseTheFixedScaleAndMaskedCellsAreGrey() {
        MatrixColouring.Coloured c = MatrixColouring.colour(W, 3, null, MatrixColouring.Kind.WEIGHTS, ScaleOptions.DEFAULT);
        assertEquals(ValueScale.weights(), c.legend());
        assertEquals(ValueScale.weights().argb(.15), c.argb()[7]);
        assertEquals(MatrixRaster.MASKED_ARGB, c.argb()[1]);
    }

    @Test
    void hidingSinksGreysColumnZeroAndStretchesTheRestOverTheWholeScale() {
        boolean[] hidden = MatrixColouring.sinkColumns(new int[]{0, 1, 2}, new int[]{1, 2, 3});
        MatrixColouring.Coloured c = MatrixColouring.colour(W, 3, hidden, MatrixColouring.Kind.WEIGHTS,
                ScaleOptions.DEFAULT.withHideSinks(true));
        assertEquals(MatrixRaster.MASKED_ARGB, c.argb()[3], "column 0 left out");
        assertEquals(0.15, c.legend().max(), 1e-6, "the top of the scale is the largest weight left");
        assertEquals(ColorMap.VIRIDIS.argb(1), c.argb()[7], "so it takes the top colour");
    }

    @Test
    void clampLogAndPerRow() {
        MatrixColouring.Coloured clamp = MatrixColouring.colour(W, 3, null, MatrixColouring.Kind.WEIGHTS,
                ScaleOptions.DEFAULT.withClamp(0.1));
        assertEquals(ColorMap.VIRIDIS.argb(1), clamp.argb()[7], "0.15 is above a clamp at 0.1: saturated");
        assertEquals(ColorMap.VIRIDIS.argb(0.5), clamp.argb()[8], "0.05 is half way");

        ValueScale log = MatrixColouring.colour(W, 3, null, MatrixColouring.Kind.WEIGHTS,
                ScaleOptions.DEFAULT.withMode(ScaleOptions.Mode.LOG)).legend();
        assertEquals(1.0 / 3, log.position(0.01), 1e-9, "three decades from 0.001: 0.01 sits at a third");
        assertEquals(0.1, log.valueAt(2.0 / 3), 1e-9);

        MatrixColouring.Coloured row = MatrixColouring.colour(W, 3, null, MatrixColouring.Kind.WEIGHTS,
                ScaleOptions.DEFAULT.withMode(ScaleOptions.Mode.ROW));
        assertTrue(row.perRow());
        assertEquals(ValueScale.sequential(1).argb(.05 / .8), row.argb()[8], "each row over its own largest value");
    }

    @Test
    void symlogKeepsSmallSignedValuesVisibleAndInverts() {
        ValueScale s = ValueScale.diverging(10).with(ValueScale.Curve.SYMLOG);
        assertEquals(0.5, s.position(0), 1e-12);
        assertTrue(s.position(0.5) > ValueScale.diverging(10).position(0.5) + 0.1, "0.5 of 10 moves well off white");
        assertEquals(-3, s.valueAt(s.position(-3)), 1e-9);
    }
}
