package org.attentionlens.ui.lecture;

import javafx.scene.paint.Color;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.viz.ColorMap;
import org.attentionlens.viz.ValueScale;

/**
 * The app's colour maps, tuned to survive a washed-out projector: there the palest tints next to white vanish,
 * so every non-zero value starts a visible step away from white (a floor of 22 % of the way to the end colour)
 * and large values are compressed (exponent 0.7). Every cell keeps its number in black or white, whichever
 * reads better. Signed values use the app's blue-white-orange map, weights the app's viridis 0 … 1.
 */
final class ProjectorColours {
    private static final double FLOOR = 0.22, EXPONENT = 0.7;

    private ProjectorColours() {
    }

    /** v relative to ±scale. */
    static Color signed(double v, double scale) {
        if (scale <= 0 || v == 0 || Double.isNaN(v)) return Color.WHITE;
        double t = Math.min(1, Math.abs(v) / scale);
        double s = FLOOR + (1 - FLOOR) * Math.pow(t, EXPONENT);
        return CanvasColors.of(ColorMap.BLUE_WHITE_ORANGE.argb(0.5 + Math.signum(v) * 0.5 * s));
    }

    /** A softmax weight in [0, 1], on the same fixed scale as the app's weight matrices. */
    static Color weight(double v) {
        return CanvasColors.of(ValueScale.weights().argb(v));
    }

    /** Black or white text, whichever contrasts more with the background. */
    static Color textOn(Color background) {
        double luminance = 0.2126 * background.getRed() + 0.7152 * background.getGreen() + 0.0722 * background.getBlue();
        return luminance > 0.5 ? Color.BLACK : Color.WHITE;
    }

    static String css(Color c) {
        return String.format(java.util.Locale.ROOT, "rgb(%d,%d,%d)", Math.round(c.getRed() * 255),
                Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

}
