package org.attentionlens.viz;

/**
 * Distinct colours for the heads of one layer, drawn together in the line view: hues spread evenly around
 * the circle at one lightness, in an order that puts neighbouring heads far apart.
 */
public final class HeadColors {
    private HeadColors() {
    }

    /** ARGB for head h of H. */
    public static int argb(int h, int H) {
        // stepping by about 3/8 of the circle keeps adjacent head numbers on very different hues
        double hue = ((h * 0.382) % 1.0) * 360;
        return hsb(hue, 0.72, 0.88);
    }

    private static int hsb(double hue, double s, double v) {
        double c = v * s, x = c * (1 - Math.abs((hue / 60) % 2 - 1)), m = v - c;
        double r, g, b;
        int sector = (int) (hue / 60) % 6;
        switch (sector) {
            case 0 -> { r = c; g = x; b = 0; }
            case 1 -> { r = x; g = c; b = 0; }
            case 2 -> { r = 0; g = c; b = x; }
            case 3 -> { r = 0; g = x; b = c; }
            case 4 -> { r = x; g = 0; b = c; }
            default -> { r = c; g = 0; b = x; }
        }
        return 0xff000000 | (int) Math.round((r + m) * 255) << 16 | (int) Math.round((g + m) * 255) << 8
                | (int) Math.round((b + m) * 255);
    }
}
