package org.attentionlens.viz;

/**
 * How the matrices are coloured, as the user sets it: the curve, a clamp, and whether special tokens and the sink
 * (position 0) are left out. At 256 tokens the first column takes most of every row's weight and the rest of the
 * matrix is uniformly dark; leaving it out, clamping or a log curve bring the pattern back.
 *
 * @param mode      linear, logarithmic, or each row divided by its own largest value
 * @param clamp     the top of the scale as a fraction of the largest value shown, in (0, 1]: values above it take
 *                  the last colour
 * @param hideSinks grey out position 0 and special tokens ([CLS], [SEP], &lt;|endoftext|&gt;) and leave them out
 *                  of the scale
 */
public record ScaleOptions(Mode mode, double clamp, boolean hideSinks) {
    public static final ScaleOptions DEFAULT = new ScaleOptions(Mode.LINEAR, 1, false);

    public enum Mode {
        LINEAR("Linear"), LOG("Log"), ROW("Per row");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ScaleOptions {
        if (mode == null) throw new IllegalArgumentException("a scale needs a mode");
        if (!(clamp > 0) || clamp > 1) throw new IllegalArgumentException("clamp must be in (0, 1], got " + clamp);
    }

    public ScaleOptions withMode(Mode m) {
        return new ScaleOptions(m, clamp, hideSinks);
    }

    public ScaleOptions withClamp(double c) {
        return new ScaleOptions(mode, c, hideSinks);
    }

    public ScaleOptions withHideSinks(boolean h) {
        return new ScaleOptions(mode, clamp, h);
    }
}
