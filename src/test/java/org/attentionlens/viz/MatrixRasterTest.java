package org.attentionlens.viz;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rasterising and downsampling against direct per-cell definitions. */
class MatrixRasterTest {

    @Test
    void eachCellIsOnePixelAndMaskedCellsAreGrey() {
        int T = 3;
        float[] m = {0.1f, 0.9f, 0.5f, 0.2f, 0.8f, 0.3f, 1f, 0f, 0.4f};
        ValueScale s = ValueScale.weights();
        MatrixRaster.CellMask future = (i, j) -> j > i; // a causal mask, as HeadMatrices::masked gives it
        int[] causal = MatrixRaster.rasterize(MatrixRaster.withMasked(m, T, future), T, s),
                full = MatrixRaster.rasterize(m, T, s);
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) {
                assertEquals(s.argb(m[i * T + j]), full[i * T + j]);
                assertEquals(j > i ? MatrixRaster.MASKED_ARGB : s.argb(m[i * T + j]), causal[i * T + j]);
            }
    }

    @Test
    void downsamplingKeepsTheLargestValueOfEachBlock() {
        int T = 100, S = 32;
        float[] m = new float[T * T];
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < m.length; k++) m[k] = (float) r.nextDouble();
        float[] small = MatrixRaster.downsampleMax(m, T, S);
        for (int a = 0; a < S; a++)
            for (int b = 0; b < S; b++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++)
                        if (i * S / T == a && j * S / T == b) max = Math.max(max, m[i * T + j]);
                assertEquals(max, small[a * S + b], 0, "block " + a + "," + b);
            }
        assertEquals(m, MatrixRaster.downsampleMax(m, T, T), "no copy when it already fits");
    }

    @Test
    void scaleRangesIgnoreMaskedCells() {
        float[] m = {1, -50, -2, 0.5f};
        float[] causal = MatrixRaster.withMasked(m, 2, (i, j) -> j > i);
        assertEquals(2, MatrixRaster.maxAbs(causal), 0);
        assertEquals(50, MatrixRaster.maxAbs(m), 0);
        assertEquals(1, MatrixRaster.max(causal), 0);
    }

    @Test
    void labelsThinToRoundStridesThatFit() {
        assertEquals(1, LabelThinning.stride(20, 14));
        assertEquals(2, LabelThinning.stride(8, 14));
        assertEquals(5, LabelThinning.stride(3, 14));
        assertEquals(50, LabelThinning.stride(0.3, 14));
        assertEquals("extra…", LabelThinning.fit("extraordinary", 6));
        assertEquals("🐈🐈", LabelThinning.fit("🐈🐈", 2), "code points, not chars");
    }
}
