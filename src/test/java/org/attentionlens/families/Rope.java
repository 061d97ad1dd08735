package org.attentionlens.families;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Rotary position embedding as transformers computes it: inverse frequencies from a standardised rope_parameters
 * dict (modeling_rope_utils: default, linear, llama3, yarn, longrope), then cos/sin per position.
 * <p>
 * Precision: HF computes all of this in float32 even when the model runs in float64 — inv_freq is a float32 buffer
 * computed in float32 (and cast back to float32 in forward), `freqs = inv_freq.float() @ positions.float()` is
 * float32, cos/sin are float32, multiplied by attention_scaling in float32, and only then cast to the model's dtype.
 * At positions past 1,000 the float32 angle is off by up to ~3e-5 rad, so this class reproduces that arithmetic
 * step by step with Java floats (same IEEE rounding for + − × ÷). Python's `scalar / tensor` is torch's
 * `tensor.reciprocal() * scalar`, and is emulated as such. Only pow, cos and sin may differ from torch's by an ulp
 * of float32. The rotation itself (q·cos + rotate_half(q)·sin) runs in double, as in a float64 model.
 * Letters: E head dim, R rotated dims (E · partial_rotary_factor), T positions.
 */
final class Rope {
    private final float[] invFreq;        // (R/2)
    private final float attentionScaling; // cos and sin are multiplied by it (yarn, longrope)
    final int rotaryDim;                  // R: the first R dims of each head rotate, the rest pass through

    private Rope(float[] invFreq, double attentionScaling) {
        this.invFreq = invFreq;
        this.attentionScaling = (float) attentionScaling;
        this.rotaryDim = 2 * invFreq.length;
    }

    /**
     * From one standardised rope_parameters dict (rope_type, rope_theta, partial_rotary_factor and the type's keys,
     * original_max_position_embeddings already resolved), as 5.x's ROPE_INIT_FUNCTIONS[rope_type] reads it.
     *
     * @param maxPositions config.max_position_embeddings
     * @param seqLen       max(position_ids) + 1: longrope picks its long factors beyond the original length
     */
    static Rope of(JsonObject p, int headDim, int maxPositions, int seqLen) {
        String type = p.get("rope_type").getAsString();
        double base = p.get("rope_theta").getAsDouble();
        double partial = p.has("partial_rotary_factor") ? p.get("partial_rotary_factor").getAsDouble() : 1.0;
        int dim = (int) (headDim * partial);
        float[] pow = basePowers(base, dim);  // base^(2i/dim), i < dim/2
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) inv[i] = 1f / pow[i];
        return switch (type) {
            case "default" -> new Rope(inv, 1.0);
            case "linear" -> {
                float factor = (float) p.get("factor").getAsDouble();
                for (int i = 0; i < inv.length; i++) inv[i] /= factor;
                yield new Rope(inv, 1.0);
            }
            case "llama3" -> new Rope(llama3(inv, p), 1.0);
            case "yarn" -> yarn(pow, p, dim, base, maxPositions);
            case "longrope" -> longrope(pow, p, maxPositions, seqLen);
            default -> throw new IllegalArgumentException("rope_type " + type);
        };
    }

    /** base ** (arange(0, dim, 2).float() / dim) in float32; the exponent's division is a float32 one. */
    private static float[] basePowers(double base, int dim) {
        float[] pow = new float[dim / 2];
        for (int i = 0; i < pow.length; i++) pow[i] = (float) Math.pow((float) base, (float) (2 * i) / (float) dim);
        return pow;
    }

    /** _compute_llama3_parameters: long wavelengths divided by factor, short kept, a smooth blend in between. */
    private static float[] llama3(float[] inv, JsonObject p) {
        float factor = (float) p.get("factor").getAsDouble();
        double low = p.get("low_freq_factor").getAsDouble(), high = p.get("high_freq_factor").getAsDouble();
        double old = p.get("original_max_position_embeddings").getAsDouble();
        float lowWavelen = (float) (old / low), highWavelen = (float) (old / high);
        float[] out = new float[inv.length];
        for (int i = 0; i < inv.length; i++) {
            float wavelen = (1f / inv[i]) * (float) (2 * Math.PI);            // 2π / inv_freq
            float scaled = wavelen > lowWavelen ? inv[i] / factor : inv[i];
            float smooth = ((1f / wavelen) * (float) old - (float) low) / (float) (high - low);
            float smoothed = (1f - smooth) * scaled / factor + smooth * scaled;
            boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
            out[i] = medium ? smoothed : scaled;
        }
        return out;
    }

    /** _compute_yarn_parameters (5.x): blend of interpolated and extrapolated frequencies over a linear ramp. */
    private static Rope yarn(float[] pow, JsonObject p, int dim, double base, int maxPositions) {
        double factor = p.get("factor").getAsDouble();
        int original = p.get("original_max_position_embeddings").getAsInt();
        double attention;
        if (p.has("attention_factor") && !p.get("attention_factor").isJsonNull()) {
            attention = p.get("attention_factor").getAsDouble();
        } else if (has(p, "mscale") && has(p, "mscale_all_dim")) {
            attention = mscale(factor, p.get("mscale").getAsDouble()) / mscale(factor, p.get("mscale_all_dim").getAsDouble());
        } else {
            attention = mscale(factor, 1);
        }
        double betaFast = has(p, "beta_fast") ? p.get("beta_fast").getAsDouble() : 32;
        double betaSlow = has(p, "beta_slow") ? p.get("beta_slow").getAsDouble() : 1;
        boolean truncate = !p.has("truncate") || p.get("truncate").getAsBoolean();
        double low = correctionDim(betaFast, dim, base, original), high = correctionDim(betaSlow, dim, base, original);
        if (truncate) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, dim - 1);
        if (low == high) high += 0.001;  // linear_ramp_factor's guard against a zero-width ramp
        float[] inv = new float[pow.length];
        float span = (float) (high - low);
        for (int i = 0; i < inv.length; i++) {
            float extrapolation = 1f / pow[i];
            float interpolation = 1f / ((float) factor * pow[i]);
            float ramp = Math.min(1f, Math.max(0f, ((float) i - (float) low) / span));
            float extrapolationFactor = 1f - ramp;
            inv[i] = interpolation * (1f - extrapolationFactor) + extrapolation * extrapolationFactor;
        }
        return new Rope(inv, attention);
    }

    private static boolean has(JsonObject p, String key) {
        return p.has(key) && !p.get(key).isJsonNull() && p.get(key).getAsDouble() != 0;  // Python truthiness
    }

    private static double mscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    private static double correctionDim(double rotations, int dim, double base, int maxPositions) {
        return dim * Math.log(maxPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    /**
     * _compute_longrope_parameters with dynamic_rope_update's choice: long_factor once max(position_ids) + 1
     * exceeds original_max_position_embeddings, short_factor otherwise. factor defaults to
     * max_position_embeddings / original, and the attention scaling to sqrt(1 + ln factor / ln original).
     */
    private static Rope longrope(float[] pow, JsonObject p, int maxPositions, int seqLen) {
        int original = p.get("original_max_position_embeddings").getAsInt();
        double factor = has(p, "factor") ? p.get("factor").getAsDouble() : (double) maxPositions / original;
        double attention;
        if (p.has("attention_factor") && !p.get("attention_factor").isJsonNull()) attention = p.get("attention_factor").getAsDouble();
        else attention = factor <= 1 ? 1.0 : Math.sqrt(1 + Math.log(factor) / Math.log(original));
        JsonArray ext = p.getAsJsonArray(seqLen > original ? "long_factor" : "short_factor");
        if (ext.size() != pow.length) throw new IllegalArgumentException("longrope factors: " + ext.size() + " for " + pow.length);
        float[] inv = new float[pow.length];
        for (int i = 0; i < inv.length; i++) inv[i] = 1f / ((float) ext.get(i).getAsDouble() * pow[i]);
        return new Rope(inv, attention);
    }

    /** cos (or sin) of emb = cat(freqs, freqs) at one position, as HF's float32 computation gives it → (R). */
    private double[] table(int position, boolean cos) {
        double[] out = new double[rotaryDim];
        for (int i = 0; i < invFreq.length; i++) {
            float angle = (float) position * invFreq[i];
            float c = (float) (cos ? Math.cos(angle) : Math.sin(angle));
            out[i] = out[i + invFreq.length] = c * attentionScaling;
        }
        return out;
    }

    /**
     * Rotates the first R dims of every head of x in place, at position pos: x·cos + rotate_half(x)·sin with
     * rotate_half(x) = (−x2, x1) for the halves x1, x2 of those R dims. x (heads·E) for one position.
     */
    void apply(double[] x, int heads, int headDim, int pos) {
        double[] c = table(pos, true), s = table(pos, false);
        int half = rotaryDim / 2;
        for (int h = 0; h < heads; h++) {
            int o = h * headDim;
            for (int i = 0; i < half; i++) {
                double a = x[o + i], b = x[o + half + i];
                x[o + i] = a * c[i] - b * s[i];
                x[o + half + i] = b * c[half + i] + a * s[half + i];
            }
        }
    }
}
