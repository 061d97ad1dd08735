package org.attentionlens.viz;

/**
 * Maps a number onto a colour map between min and max along a curve (linear, or logarithmic to show small weights
 * next to large ones). A diverging scale is symmetric about 0 (min = -max) so white always means 0.
 *
 * @param curve how values between min and max spread over the map
 */
public record ValueScale(double min, double max, ColorMap map, Curve curve) {

    /** How a value's position t in [0, 1] along the scale is found. */
    public enum Curve {
        LINEAR,
        /** log10 from max/1000 to max (sequential); values below the floor take the first colour. */
        LOG,
        /** sign(v)·log(1 + |v|/c) with c = max/100 (diverging): small magnitudes stay visible on both sides. */
        SYMLOG
    }

    /** Decades a log scale spans below its maximum. */
    public static final double LOG_DECADES = 3;

    public ValueScale(double min, double max, ColorMap map) {
        this(min, max, map, Curve.LINEAR);
    }

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

    /** The same range and map along another curve (LOG for sequential scales, SYMLOG for diverging ones). */
    public ValueScale with(Curve c) {
        return new ValueScale(min, max, map, c);
    }

    public int argb(double value) {
        return map.argb(position(value));
    }

    /** Where value sits along the scale, in [0, 1] (clamped). */
    public double position(double value) {
        double t = switch (curve) {
            case LINEAR -> (value - min) / (max - min);
            case LOG -> {
                double floor = max * Math.pow(10, -LOG_DECADES);
                yield value <= floor ? 0 : Math.log10(value / floor) / LOG_DECADES;
            }
            case SYMLOG -> {
                double c = max / 100;
                yield 0.5 + 0.5 * Math.signum(value) * Math.log1p(Math.abs(value) / c) / Math.log1p(max / c);
            }
        };
        return Math.max(0, Math.min(1, t));
    }

    /** The value at position t in [0, 1] along the scale, for legend ticks. */
    public double valueAt(double t) {
        return switch (curve) {
            case LINEAR -> min + t * (max - min);
            case LOG -> max * Math.pow(10, -LOG_DECADES * (1 - t));
            case SYMLOG -> {
                double c = max / 100, s = 2 * t - 1;
                yield Math.signum(s) * c * Math.expm1(Math.abs(s) * Math.log1p(max / c));
            }
        };
    }
}
