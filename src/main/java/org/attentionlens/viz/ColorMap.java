package org.attentionlens.viz;

/**
 * A colour scale as a 256-entry lookup table of ARGB colours, built once from a few anchor colours
 * interpolated in linear light (so steps look even). Sequential maps run dark to light; the diverging map is
 * white at 0.5 and tells its two ends apart without red-green contrast (safe for colour-blind readers).
 */
public final class ColorMap {
    public static final int SIZE = 256;

    /** Viridis, sampled at nine evenly spaced points: perceptually uniform, dark (0) to yellow (1). */
    public static final ColorMap VIRIDIS = fromAnchors("viridis",
            0x440154, 0x472c7a, 0x3b518b, 0x2c718e, 0x21908d, 0x27ad81, 0x5cc863, 0xaadc32, 0xfde725);

    /** Blue (0) - white (0.5) - orange (1), for signed values centred on 0. */
    public static final ColorMap BLUE_WHITE_ORANGE = fromAnchors("blue-white-orange",
            0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfee0b6, 0xfdb863, 0xe08214, 0xb35806,
            0x7f3b08);

    private final String name;
    private final int[] lut; // (SIZE) ARGB

    private ColorMap(String name, int[] lut) {
        this.name = name;
        this.lut = lut;
    }

    public String name() {
        return name;
    }

    /** The colour at t in [0, 1] (clamped; NaN maps to the middle). */
    public int argb(double t) {
        if (!(t >= 0)) t = Double.isNaN(t) ? 0.5 : 0;
        if (t > 1) t = 1;
        return lut[(int) Math.round(t * (SIZE - 1))];
    }

    /** Lookup entry k of SIZE. */
    public int entry(int k) {
        return lut[k];
    }

    static ColorMap fromAnchors(String name, int... rgb) {
        int[] lut = new int[SIZE];
        int n = rgb.length - 1;
        for (int k = 0; k < SIZE; k++) {
            double x = k * (double) n / (SIZE - 1);
            int a = Math.min((int) x, n - 1);
            double f = x - a;
            int c0 = rgb[a], c1 = rgb[a + 1];
            int r = mix(c0 >> 16 & 0xff, c1 >> 16 & 0xff, f);
            int g = mix(c0 >> 8 & 0xff, c1 >> 8 & 0xff, f);
            int b = mix(c0 & 0xff, c1 & 0xff, f);
            lut[k] = 0xff000000 | r << 16 | g << 8 | b;
        }
        return new ColorMap(name, lut);
    }

    /** Interpolates one sRGB channel in linear light. */
    private static int mix(int a, int b, double f) {
        double la = toLinear(a / 255.0), lb = toLinear(b / 255.0);
        return (int) Math.round(toSrgb(la + (lb - la) * f) * 255);
    }

    private static double toLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double toSrgb(double c) {
        return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
    }
}
