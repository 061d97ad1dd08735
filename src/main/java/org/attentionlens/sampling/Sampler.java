package org.attentionlens.sampling;

/**
 * Picks the next token from logits. Legend: V vocabulary.
 * <p>Draw number n uses the n-th number of the seed's random stream, so a decode session that steps back
 * and draws step n again gets the same token, and the same seed and settings reproduce a whole run.
 */
public interface Sampler {

    /** The distribution (V) the next token is drawn from: what the filters keep, renormalised; zeros elsewhere. */
    double[] distribution(float[] logits);

    /** Draws a token from a distribution made by {@link #distribution}, as draw number {@code draw}. */
    int pick(double[] distribution, long draw);

    /** distribution then pick. */
    default int sample(float[] logits, long draw) {
        return pick(distribution(logits), draw);
    }

    static Sampler of(SamplingSettings settings) {
        return new PipelineSampler(settings);
    }

    static Sampler greedy() {
        return of(SamplingSettings.greedy());
    }
}
