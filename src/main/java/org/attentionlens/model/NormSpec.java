package org.attentionlens.model;

/**
 * How a model normalises the residual stream (every norm of a model is the same kind). Legend: D width.
 *
 * @param kind       LayerNorm (subtract the mean, divide by the standard deviation, scale, shift if there is a bias)
 *                   or RMSNorm (divide by the root mean square, scale)
 * @param eps        added to the variance (or mean square) before the square root
 * @param unitOffset Gemma's RMSNorm scales by (1 + w) where w is the stored weight; the loader folds the 1 into
 *                   {@link Norm#gamma} (the same float32 sum Hugging Face computes), so the kernels see one scale
 */
public record NormSpec(Kind kind, float eps, boolean unitOffset) {
    public enum Kind { LAYER_NORM, RMS_NORM }

    public NormSpec {
        if (!(eps >= 0) || Float.isInfinite(eps)) throw new IllegalArgumentException("norm epsilon must be ≥ 0, is " + eps);
    }

    public static NormSpec layerNorm(float eps) {
        return new NormSpec(Kind.LAYER_NORM, eps, false);
    }

    public static NormSpec rmsNorm(float eps) {
        return new NormSpec(Kind.RMS_NORM, eps, false);
    }

    public boolean rms() {
        return kind == Kind.RMS_NORM;
    }

    /** "LayerNorm" or "RMSNorm", for captions. */
    public String label() {
        return rms() ? "RMSNorm" : "LayerNorm";
    }
}
