package org.attentionlens.sampling;

import java.util.SplittableRandom;

/**
 * temperature → top-k → top-p → draw, the pipeline of most LLM front ends. Legend: V vocabulary.
 * Ties are broken towards the lower token id, so "keep k" keeps exactly k.
 */
final class PipelineSampler implements Sampler {
    /** SplittableRandom's increment: a generator seeded with s + n·γ starts where the stream of s is after n draws. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final SamplingSettings s;

    PipelineSampler(SamplingSettings settings) {
        this.s = settings;
    }

    @Override
    public double[] distribution(float[] logits) {
        int V = logits.length;
        double[] p = new double[V]; // (V)
        if (s.isGreedy()) {
            p[argmax(logits)] = 1;
            return p;
        }
        Probabilities.softmax(logits, s.temperature(), p);
        boolean filterK = s.topK() > 0 && s.topK() < V, filterP = s.topP() < 1;
        if (!filterK && !filterP) return p;
        int[] order = Ranking.descending(p);
        int keep = filterK ? s.topK() : V;
        if (filterP) {
            double kept = 0;
            for (int r = 0; r < keep; r++) kept += p[order[r]];
            double cumulative = 0;
            for (int r = 0; r < keep; r++) {
                cumulative += p[order[r]] / kept;
                if (cumulative >= s.topP()) {
                    keep = r + 1;
                    break;
                }
            }
        }
        double sum = 0;
        for (int r = 0; r < keep; r++) sum += p[order[r]];
        double[] out = new double[V];
        for (int r = 0; r < keep; r++) out[order[r]] = p[order[r]] / sum;
        return out;
    }

    @Override
    public int pick(double[] distribution, long draw) {
        double u = new SplittableRandom(s.seed() + draw * GOLDEN_GAMMA).nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < distribution.length; i++) {
            if (distribution[i] <= 0) continue;
            cumulative += distribution[i];
            last = i;
            if (u < cumulative) return i;
        }
        if (last < 0) throw new IllegalArgumentException("the distribution is empty");
        return last; // u fell into the rounding gap at the top
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
