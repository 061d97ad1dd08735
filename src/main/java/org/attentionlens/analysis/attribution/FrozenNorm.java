package org.attentionlens.analysis.attribution;

import org.attentionlens.model.Norm;

/**
 * A norm linearised at one point (TransformerLens's apply_ln_to_stack): its scale, the standard deviation
 * (LayerNorm) or root mean square (RMSNorm) of the full vector x it actually normed, is frozen, so the norm becomes
 * the linear map c ↦ γ ⊙ (c − mean(c)) / s (LayerNorm) or γ ⊙ c / s (RMSNorm) plus the constant β. Applied to the
 * pieces that add up to x, the pieces add up to the norm of x exactly. Legend: D width. Sums in double.
 */
final class FrozenNorm {
    private final double[] gain; // (D) γ / s
    private final double[] shift; // (D) β, or zeros
    private final boolean centre;

    private FrozenNorm(double[] gain, double[] shift, boolean centre) {
        this.gain = gain;
        this.shift = shift;
        this.centre = centre;
    }

    /** The norm n (of kind rms, with eps) linearised at x (D). */
    static FrozenNorm at(float[] x, Norm n, boolean rms, float eps) {
        int D = x.length;
        double mean = 0;
        if (!rms) {
            for (float v : x) mean += v;
            mean /= D;
        }
        double squares = 0;
        for (float v : x) squares += (v - mean) * (v - mean);
        double s = Math.sqrt(squares / D + eps);
        double[] gain = new double[D], shift = new double[D];
        for (int d = 0; d < D; d++) {
            gain[d] = n.gamma()[d] / s;
            if (n.beta() != null) shift[d] = n.beta()[d];
        }
        return new FrozenNorm(gain, shift, !rms);
    }

    /** The identity: for a model whose stream reaches the head without a final norm. */
    static FrozenNorm identity(int D) {
        double[] gain = new double[D];
        java.util.Arrays.fill(gain, 1);
        return new FrozenNorm(gain, new double[D], false);
    }

    /** (D) the linear part applied to a piece c (D). */
    double[] linear(double[] c) {
        int D = c.length;
        double mean = 0;
        if (centre) {
            for (double v : c) mean += v;
            mean /= D;
        }
        double[] out = new double[D];
        for (int d = 0; d < D; d++) out[d] = (c[d] - mean) * gain[d];
        return out;
    }

    /** (D) the constant part, β. */
    double[] shift() {
        return shift.clone();
    }
}
