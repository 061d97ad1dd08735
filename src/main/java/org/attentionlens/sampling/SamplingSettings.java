package org.attentionlens.sampling;

/**
 * The usual sampling pipeline's knobs: temperature → top-k → top-p → draw.
 *
 * @param temperature divides the logits; 0 means greedy (always the most likely token)
 * @param topK        keep only the k most likely tokens; 0 = off
 * @param topP        keep the smallest set of most likely tokens whose probability reaches p; 1 = off
 * @param seed        seeds the draws: the same seed and settings give the same tokens
 */
public record SamplingSettings(double temperature, int topK, double topP, long seed) {

    public SamplingSettings {
        if (!(temperature >= 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be 0 (greedy) or positive, not " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be 0 (off) or positive, not " + topK);
        if (!(topP > 0 && topP <= 1))
            throw new IllegalArgumentException("top-p must be in (0, 1] (1 = off), not " + topP);
    }

    /** Always the most likely token. */
    public static SamplingSettings greedy() {
        return new SamplingSettings(0, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
