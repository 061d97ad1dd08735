package org.attentionlens.model;

import java.util.Arrays;

/**
 * Rotary position embedding for one layer's queries and keys (Su et al. 2021): dimension pair i of a head is turned
 * by the angle p·ω_i at position p, so q_p·k_j depends on p − j through every pair's rotation by (p − j)·ω_i.
 * Fast pairs (large ω) see position, slow pairs (small ω) mostly content. Made by {@link RopeFrequencies}.
 * <p>Angles follow Hugging Face exactly: ω_i is float32, the angle is the float32 product p·ω_i, and cos and sin of
 * it are multiplied by the attention factor. Legend: r rotary dimensions (≤ Dh; the rest of a head does not turn),
 * P = r/2 pairs, T positions.
 *
 * @param theta           the base θ of ω_i = θ^(−2i/r)
 * @param rotary          r
 * @param interleaved     pairs (2i, 2i+1) (GPT-J) instead of (i, i + r/2) (Llama, GPT-NeoX)
 * @param scaling         "default", "linear", "llama3", "yarn" or "longrope"
 * @param factor          the scaling's factor (1 for default)
 * @param baseFrequencies (P) θ^(−2i/r) before scaling
 * @param frequencies     (P) ω_i after scaling; for longrope, the short factors'
 * @param longFrequencies (P) longrope's long factors, used once a sequence is longer than originalContext; else null
 * @param originalContext the pretraining context the scaling extends (llama3, yarn, longrope), else 0
 * @param attentionFactor cos and sin are multiplied by it (yarn, longrope); 1 otherwise
 */
public record RopeSpec(double theta, int rotary, boolean interleaved, String scaling, double factor,
                       float[] baseFrequencies, float[] frequencies, float[] longFrequencies, int originalContext,
                       float attentionFactor) {

    public RopeSpec {
        if (rotary <= 0 || rotary % 2 != 0)
            throw new IllegalArgumentException("rotary dimensions must be a positive even number, are " + rotary);
        if (frequencies.length != rotary / 2 || baseFrequencies.length != rotary / 2
                || (longFrequencies != null && longFrequencies.length != rotary / 2))
            throw new IllegalArgumentException("a rotary embedding of " + rotary + " dimensions needs " + rotary / 2
                    + " frequencies");
    }

    /** P: rotating pairs per head. */
    public int pairs() {
        return rotary / 2;
    }

    /** (P) the frequencies used for a sequence of the given length (longrope switches to its long factors). */
    public float[] frequenciesFor(int sequenceLength) {
        return longFrequencies != null && sequenceLength > originalContext ? longFrequencies : frequencies;
    }

    /**
     * cos and sin (T, P) of the angles at positions pos0 … pos0+T-1, for a sequence of sequenceLength positions
     * in all (which only longrope reads).
     */
    public void angles(int pos0, int T, int sequenceLength, float[] cos, float[] sin) {
        float[] w = frequenciesFor(sequenceLength);
        int P = pairs();
        for (int t = 0; t < T; t++)
            for (int i = 0; i < P; i++) {
                float angle = (float) (pos0 + t) * w[i];
                cos[t * P + i] = (float) Math.cos(angle) * attentionFactor;
                sin[t * P + i] = (float) Math.sin(angle) * attentionFactor;
            }
    }

    /** "RoPE θ 500,000 (llama3 ×8)", for captions. */
    public String label() {
        String s = "RoPE θ " + String.format("%,.0f", theta);
        return scaling.equals("default") ? s : s + " (" + scaling + " ×" + trim(factor) + ")";
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RopeSpec r && theta == r.theta && rotary == r.rotary && interleaved == r.interleaved
                && scaling.equals(r.scaling) && factor == r.factor && Arrays.equals(frequencies, r.frequencies)
                && Arrays.equals(longFrequencies, r.longFrequencies) && originalContext == r.originalContext
                && attentionFactor == r.attentionFactor;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frequencies) * 31 + Double.hashCode(theta);
    }
}
