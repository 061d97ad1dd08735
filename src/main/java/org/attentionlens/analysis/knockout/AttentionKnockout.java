package org.attentionlens.analysis.knockout;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.Applicability;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;

/**
 * Attention knockout (Geva et al. 2023): the text re-run with edges blocked, and how the next-token distribution moved
 * (the ablation's measures, for edges instead of heads). Legend as in {@link ModelSpec}; T tokens.
 *
 * @param blocked     the edges blocked
 * @param knocked     the re-run
 * @param blockedMass the attention weight the blocked edges held in the plain run, summed over heads and layers
 * @param shift       how the distribution after the last token moved
 */
public record AttentionKnockout(EdgeKnockout blocked, AttentionTrace knocked, double blockedMass,
                                Ablation.NextTokenShift shift) {

    /** Re-runs the baseline's text with the edges blocked. */
    public static AttentionKnockout run(AttentionTrace baseline, EdgeKnockout block) {
        ModelSpec c = baseline.config();
        Applicability.requireNextTokenHead(c, "Attention knockout");
        int T = baseline.length();
        if (block.key() >= T || block.query() >= T)
            throw new IllegalArgumentException("the text has " + T + " tokens (positions 0–" + (T - 1) + "): no "
                    + (block.query() >= T ? "query " + block.query() : "key " + block.key()));
        if (block.query() < 0 && block.key() == T - 1)
            throw new IllegalArgumentException("no query comes after the last position " + (T - 1) + ": nothing to block");
        double mass = 0;
        for (int l = 0; l < c.layers(); l++) {
            if (!block.blocks(l)) continue;
            for (int h = 0; h < c.heads(); h++) {
                var m = baseline.head(l, h);
                for (int i = 0; i < T; i++) if (block.blocked(l, h, i, block.key())) mass += m.weight(i, block.key());
            }
        }
        AttentionTrace knocked = AttentionTrace.capture(baseline.model(), baseline.tokens(), block);
        return new AttentionKnockout(block, knocked, mass, Ablation.shift(baseline.logitsLast(), knocked.logitsLast()));
    }
}
