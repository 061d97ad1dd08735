package org.attentionlens.analysis;

/**
 * One head's measures averaged over the texts analysed (see {@link Measure} for each definition), its
 * induction score on the probe and its kind. Doubles that could not be computed are NaN (prefix matching on
 * texts without a repeated token); induction is null when the probe could not run.
 */
public record HeadStats(int layer, int head, double entropy, double entropyStd, double normalisedEntropy,
                        double confidence, double previousToken, double sink, double sinkValueShare, double self,
                        double distance, double prefixMatching, Double induction, HeadKind kind) {
}
