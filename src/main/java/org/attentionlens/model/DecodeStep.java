package org.attentionlens.model;

import java.util.List;

/**
 * One decode step, immutable: the token chosen, and what every head did when that token ran through the
 * network with the positions before it cached. Legend as in {@link ModelSpec}; Tk = cacheLen.
 *
 * @param index                 0 for the first generated token
 * @param tokenId               the token chosen
 * @param token                 its text, e.g. " mat"
 * @param position              where it sits in the sequence (prompt length + index)
 * @param cacheLen              positions its query attended over: position + 1
 * @param chosen                the chosen token with its probabilities
 * @param top                   the ten most likely next tokens under the model, descending
 * @param logitsMaxAbsDiff      max |Δ| between this step's logits and a full recompute without cache; NaN if unchecked
 * @param attentionMaxAbsDiff   max |Δ| over every head's scores and weights row vs the recompute; NaN if unchecked
 * @param cachedFlops           FLOPs of this cached step
 * @param recomputeFlops        FLOPs of recomputing all cacheLen positions instead
 * @param cacheBytes            bytes in the KV cache after the step: 2 · L · Hkv · cacheLen · Dh · 4
 * @param nanos                 wall time of the cached forward step (without the check)
 */
public record DecodeStep(int index, int tokenId, String token, int position, int cacheLen, TokenChoice chosen,
                         List<TokenChoice> top, List<List<HeadStep>> heads, double logitsMaxAbsDiff,
                         double attentionMaxAbsDiff, long cachedFlops, long recomputeFlops, long cacheBytes,
                         long nanos) {

    public DecodeStep {
        top = List.copyOf(top);
        heads = heads.stream().map(List::copyOf).toList();
    }

    /** Layer l, head h: (L)(H) HeadStep. */
    public HeadStep head(int layer, int head) {
        return heads.get(layer).get(head);
    }

    public boolean checked() {
        return !Double.isNaN(logitsMaxAbsDiff);
    }

    /** The larger of the logits and attention differences; NaN if unchecked. */
    public double maxAbsDiffVsRecompute() {
        return Math.max(logitsMaxAbsDiff, attentionMaxAbsDiff);
    }
}
