package org.attentionlens.viz;

/**
 * Colours a query × key matrix under the user's {@link ScaleOptions}: the natural scale of its kind (weights 0 … 1,
 * contributions 0 … max, scores −max … max), clamped, on a log curve or divided row by row by the row's own
 * largest value, with sink and special columns greyed out and left out of the scale. Pure: any thread.
 * Legend: T tokens; values (T, T) with NaN where masked.
 */
public final class MatrixColouring {
    private MatrixColouring() {
    }

    /** What a matrix holds, which sets its natural scale and colour map. */
    public enum Kind {
        /** Softmax weights: 0 … 1 for every head, so heads compare. */
        WEIGHTS,
        /** Non-negative values: 0 … their largest. */
        SEQUENTIAL,
        /** Signed values: −max|v| … max|v|, white at 0. */
        DIVERGING
    }

    /**
     * A coloured matrix.
     *
     * @param argb   (T, T) colours, grey where masked or hidden
     * @param legend the scale the legend draws: the values' own, or 0 … 1 (−1 … 1) of the row maximum per row
     * @param perRow whether each row was divided by its own maximum (the legend is then a fraction of it)
     */
    public record Coloured(int[] argb, ValueScale legend, boolean perRow) {
    }

    /**
     * @param values (T, T), NaN where masked
     * @param hidden (T) columns left out (null for none): drawn grey, not in the scale
     */
    public static Coloured colour(float[] values, int T, boolean[] hidden, Kind kind, ScaleOptions o) {
        float[] shown = values;
        if (hidden != null) {
            shown = values.clone();
            for (int i = 0; i < T; i++)
                for (int j = 0; j < T; j++) if (hidden[j]) shown[i * T + j] = Float.NaN;
        }
        boolean signed = kind == Kind.DIVERGING;
        if (o.mode() == ScaleOptions.Mode.ROW) return perRow(shown, T, signed, o.clamp());
        double natural = kind == Kind.WEIGHTS && hidden == null ? 1
                : signed ? MatrixRaster.maxAbs(shown) : MatrixRaster.max(shown);
        double top = o.clamp() * natural;
        ValueScale scale = signed ? ValueScale.diverging(top) : kind == Kind.WEIGHTS && hidden == null && o.clamp() == 1
                ? ValueScale.weights() : ValueScale.sequential(top);
        if (o.mode() == ScaleOptions.Mode.LOG) scale = scale.with(signed ? ValueScale.Curve.SYMLOG : ValueScale.Curve.LOG);
        return new Coloured(MatrixRaster.rasterize(shown, T, scale), scale, false);
    }

    /** Each row over its own largest shown magnitude (times clamp). */
    private static Coloured perRow(float[] shown, int T, boolean signed, double clamp) {
        ValueScale legend = signed ? ValueScale.diverging(1) : ValueScale.sequential(1);
        int[] argb = new int[T * T]; // (T, T)
        for (int i = 0; i < T; i++) {
            double top = 0;
            for (int j = 0; j < T; j++) {
                float v = shown[i * T + j];
                if (Math.abs(v) > top) top = Math.abs(v);
            }
            top = Math.max(top * clamp, 1e-30);
            for (int j = 0; j < T; j++) {
                float v = shown[i * T + j];
                argb[i * T + j] = Float.isNaN(v) ? MatrixRaster.MASKED_ARGB : legend.argb(v / top);
            }
        }
        return new Coloured(argb, legend, true);
    }

    /** (T) the columns "hide sinks" leaves out: position 0 and every special token (one with an empty span). */
    public static boolean[] sinkColumns(int[] start, int[] end) {
        boolean[] hidden = new boolean[start.length];
        for (int j = 0; j < start.length; j++) hidden[j] = j == 0 || start[j] == end[j];
        return hidden;
    }
}
