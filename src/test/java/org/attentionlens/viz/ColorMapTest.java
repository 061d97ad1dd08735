package org.attentionlens.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lookup tables: ends and centre where they belong, lightness monotone where a scale promises it. */
class ColorMapTest {

    /** Relative luminance (WCAG), 0 black to 1 white. */
    static double luminance(int argb) {
        double r = lin((argb >> 16 & 0xff) / 255.0), g = lin((argb >> 8 & 0xff) / 255.0), b = lin((argb & 0xff) / 255.0);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }

    private static double lin(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    @Test
    void viridisRunsFromDarkPurpleToYellowGettingLighterAllTheWay() {
        assertEquals(0xff440154, ColorMap.VIRIDIS.argb(0));
        assertEquals(0xfffde725, ColorMap.VIRIDIS.argb(1));
        for (int k = 1; k < ColorMap.SIZE; k++)
            assertTrue(luminance(ColorMap.VIRIDIS.entry(k)) >= luminance(ColorMap.VIRIDIS.entry(k - 1)) - 1e-3, // 8-bit rounding
                    "lightness drops at entry " + k);
    }

    @Test
    void divergingIsNearWhiteAtZeroAndDarkAtBothEnds() {
        ValueScale s = ValueScale.diverging(3);
        assertTrue(luminance(s.argb(0)) > 0.85, "0 is near white");
        assertTrue(luminance(s.argb(-3)) < 0.05 && luminance(s.argb(3)) < 0.1, "the ends are dark");
        int neg = s.argb(-2), pos = s.argb(2);
        assertTrue((neg & 0xff) > (neg >> 16 & 0xff), "negative is blue");
        assertTrue((pos >> 16 & 0xff) > (pos & 0xff), "positive is orange");
        // lighter towards 0 on both sides
        for (double v = -3; v < 0; v += 0.25) assertTrue(luminance(s.argb(v + 0.25)) >= luminance(s.argb(v)) - 1e-3);
        for (double v = 0; v < 3; v += 0.25) assertTrue(luminance(s.argb(v + 0.25)) <= luminance(s.argb(v)) + 1e-3);
    }

    @Test
    void outOfRangeAndNaNDoNotThrow() {
        assertEquals(ColorMap.VIRIDIS.argb(1), ColorMap.VIRIDIS.argb(7));
        assertEquals(ColorMap.VIRIDIS.argb(0), ColorMap.VIRIDIS.argb(-1));
        assertEquals(ColorMap.VIRIDIS.argb(0.5), ColorMap.VIRIDIS.argb(Double.NaN));
        assertEquals(-2.0, ValueScale.diverging(2).valueAt(0), 0);
        assertEquals(0.0, ValueScale.diverging(2).valueAt(0.5), 0);
    }
}
