package org.attentionlens.ui.lecture;

import javafx.scene.paint.Color;

/**
 * Colour scales that survive a washed-out projector: light tints vanish there, so even small magnitudes get
 * a visible step of colour, and every cell keeps its number in black or white, whichever reads better.
 * Signed values: blue (negative) ↔ white ↔ orange (positive), a pair colour-blind viewers can tell apart.
 * Weights in [0, 1]: white → deep purple.
 */
final class ProjectorColours {
    private static final Color NEGATIVE = Color.rgb(0, 84, 166);
    private static final Color POSITIVE = Color.rgb(214, 83, 0);
    private static final Color WEIGHT = Color.rgb(74, 20, 134);
    private static final Color BLANK = Color.WHITE;

    private ProjectorColours() {
    }

    /** v relative to ±scale. */
    static Color signed(double v, double scale) {
        if (scale <= 0 || v == 0 || Double.isNaN(v)) return BLANK;
        double t = Math.min(1, Math.abs(v) / scale);
        return BLANK.interpolate(v < 0 ? NEGATIVE : POSITIVE, strength(t));
    }

    /** A weight in [0, 1], relative to the largest one shown. */
    static Color weight(double v, double max) {
        if (max <= 0 || v <= 0) return BLANK;
        return BLANK.interpolate(WEIGHT, strength(Math.min(1, v / max)));
    }

    /** Black or white text, whichever contrasts more with the background. */
    static Color textOn(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 0.55 ? Color.BLACK : Color.WHITE;
    }

    static String css(Color c) {
        return String.format(java.util.Locale.ROOT, "rgb(%d,%d,%d)", Math.round(c.getRed() * 255),
                Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    /** Lifts small magnitudes to a visible tint (a floor of 12 %) and compresses large ones (exponent 0.7). */
    private static double strength(double t) {
        return t < 1e-3 ? 0 : 0.12 + 0.88 * Math.pow(t, 0.7);
    }
}
