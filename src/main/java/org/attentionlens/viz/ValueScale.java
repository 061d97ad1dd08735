package org.attentionlens.viz;

/**
 * Maps a number onto a colour map between min and max. A diverging scale is symmetric about 0
 * (min = -max) so white always means 0.
 */
public record ValueScale(double min, double max, ColorMap map) {

    /** Softmax weights: 0 to 1 on viridis, the same for every head so heads compare. */
    public static ValueScale weights() {
        return new ValueScale(0, 1, ColorMap.VIRIDIS);
    }

    /** 0 to the largest value (at least a tiny positive number) on viridis. */
    public static ValueScale sequential(double max) {
        return new ValueScale(0, max > 0 ? max : 1e-9, ColorMap.VIRIDIS);
    }

    /** -m to m with m the largest magnitude, on the blue-white-orange map. */
    public static ValueScale diverging(double maxAbs) {
        double m = maxAbs > 0 ? maxAbs : 1e-9;
        return new ValueScale(-m, m, ColorMap.BLUE_WHITE_ORANGE);
    }

    public int argb(double value) {
        return map.argb((value - min) / (max - min));
    }

    /** The value at position t in [0, 1] along the scale, for legend ticks. */
    public double valueAt(double t) {
        return min + t * (max - min);
    }
}
