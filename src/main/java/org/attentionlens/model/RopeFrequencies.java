package org.attentionlens.model;

/**
 * The rotary frequencies of the RoPE scalings Hugging Face defines (modeling_rope_utils), as float32 values like
 * its inv_freq buffer: ω_i = 1 / θ^(2i/r) computed in float32, then scaled. Legend: r rotary dimensions,
 * P = r/2 pairs, N pretraining context ("original_max_position_embeddings").
 */
public final class RopeFrequencies {
    private RopeFrequencies() {
    }

    /** Plain RoPE: ω_i = θ^(−2i/r). */
    public static RopeSpec standard(double theta, int rotary, boolean interleaved) {
        float[] base = base(theta, rotary);
        return new RopeSpec(theta, rotary, interleaved, "default", 1, base, base, null, 0, 1f);
    }

    /** Position interpolation: every ω_i divided by the factor. */
    public static RopeSpec linear(double theta, int rotary, boolean interleaved, double factor) {
        float[] base = base(theta, rotary), w = new float[base.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) (base[i] / factor);
        return new RopeSpec(theta, rotary, interleaved, "linear", factor, base, w, null, 0, 1f);
    }

    /**
     * Llama 3.1: wavelengths 2π/ω longer than N/lowFreqFactor are divided by the factor, shorter than
     * N/highFreqFactor kept, and the band between blended smoothly.
     */
    public static RopeSpec llama3(double theta, int rotary, boolean interleaved, double factor, double lowFreqFactor,
                                  double highFreqFactor, int originalContext) {
        float[] base = base(theta, rotary), w = new float[base.length];
        double lowWavelength = originalContext / lowFreqFactor, highWavelength = originalContext / highFreqFactor;
        for (int i = 0; i < w.length; i++) {
            double wavelength = 2 * Math.PI / base[i];
            if (wavelength < highWavelength) w[i] = base[i];
            else if (wavelength > lowWavelength) w[i] = (float) (base[i] / factor);
            else {
                double smooth = (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                w[i] = (float) ((1 - smooth) * base[i] / factor + smooth * base[i]);
            }
        }
        return new RopeSpec(theta, rotary, interleaved, "llama3", factor, base, w, null, originalContext, 1f);
    }

    /**
     * YaRN (Peng et al. 2023): pairs that turn fewer than betaSlow times over N are interpolated (÷ factor), more
     * than betaFast times kept, with a linear ramp between; cos and sin are scaled by the attention factor
     * (0.1·ln(factor) + 1 unless given, or the ratio of two such terms with mscale and mscaleAllDim).
     *
     * @param attentionFactor the configured factor, or NaN for the default
     * @param truncate        whether the ramp's ends are rounded to whole pairs (Hugging Face's default)
     */
    public static RopeSpec yarn(double theta, int rotary, boolean interleaved, double factor, int originalContext,
                                double betaFast, double betaSlow, double attentionFactor, double mscale,
                                double mscaleAllDim, boolean truncate) {
        float[] base = base(theta, rotary), w = new float[base.length];
        double low = correctionDim(betaFast, rotary, theta, originalContext);
        double high = correctionDim(betaSlow, rotary, theta, originalContext);
        if (truncate) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, rotary - 1);
        if (low == high) high += 0.001; // as Hugging Face does, against a division by zero
        float[] powers = powers(theta, rotary);
        for (int i = 0; i < w.length; i++) {
            float ramp = (float) Math.min(1, Math.max(0, (i - low) / (high - low)));
            float extrapolation = 1 - ramp;
            float interpolated = 1f / (float) (factor * powers[i]);
            w[i] = interpolated * (1 - extrapolation) + base[i] * extrapolation;
        }
        double att = !Double.isNaN(attentionFactor) ? attentionFactor
                : mscale > 0 && mscaleAllDim > 0 ? yarnScale(factor, mscale) / yarnScale(factor, mscaleAllDim)
                : yarnScale(factor, 1);
        return new RopeSpec(theta, rotary, interleaved, "yarn", factor, base, w, null, originalContext, (float) att);
    }

    /**
     * LongRoPE (Phi-3): per-pair divisors, the short ones up to N positions and the long ones beyond; cos and sin
     * scaled by √(1 + ln(factor)/ln N) unless given (1 when the factor is at most 1).
     *
     * @param factor          the context extension (max positions / N)
     * @param attentionFactor the configured factor, or NaN for the default
     */
    public static RopeSpec longrope(double theta, int rotary, boolean interleaved, double[] shortFactors,
                                    double[] longFactors, int originalContext, double factor, double attentionFactor) {
        float[] base = base(theta, rotary);
        int P = rotary / 2;
        if (shortFactors.length != P || longFactors.length != P)
            throw new IllegalArgumentException("longrope needs " + P + " short and long factors (one per rotating pair), "
                    + "has " + shortFactors.length + " and " + longFactors.length);
        double att = !Double.isNaN(attentionFactor) ? attentionFactor
                : factor <= 1 ? 1 : Math.sqrt(1 + Math.log(factor) / Math.log(originalContext));
        return new RopeSpec(theta, rotary, interleaved, "longrope", factor, base, divided(theta, rotary, shortFactors),
                divided(theta, rotary, longFactors), originalContext, (float) att);
    }

    /** (P) θ^(−2i/r) = 1 / θ^(2i/r). */
    private static float[] base(double theta, int rotary) {
        float[] w = powers(theta, rotary);
        for (int i = 0; i < w.length; i++) w[i] = 1f / w[i];
        return w;
    }

    /** (P) θ^(2i/r): the exponent and the power in float32, as torch computes them for the inv_freq buffer. */
    private static float[] powers(double theta, int rotary) {
        float[] p = new float[rotary / 2];
        for (int i = 0; i < p.length; i++) p[i] = (float) Math.pow((float) theta, (float) (2 * i) / rotary);
        return p;
    }

    /** (P) 1 / (f_i · θ^(2i/r)). */
    private static float[] divided(double theta, int rotary, double[] f) {
        float[] w = powers(theta, rotary);
        for (int i = 0; i < w.length; i++) w[i] = 1f / ((float) f[i] * w[i]);
        return w;
    }

    /** The pair index at which a frequency completes the given number of turns over N positions. */
    private static double correctionDim(double turns, int rotary, double theta, int originalContext) {
        return rotary * Math.log(originalContext / (turns * 2 * Math.PI)) / (2 * Math.log(theta));
    }

    private static double yarnScale(double factor, double mscale) {
        return factor <= 1 ? 1 : 0.1 * mscale * Math.log(factor) + 1;
    }
}
