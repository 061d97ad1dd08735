package org.attentionlens.ui.heads;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.HeadKind;

import java.util.Locale;

/** The head table tab's texts with this text's numbers, made here so the panes only place them (and tests read them). */
final class HeadTableFormat {
    private HeadTableFormat() {
    }

    static String num(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String kindLegend() {
        return String.format(Locale.ROOT, "Kinds (first rule wins): induction ≥ %.2f · previous-token ≥ %.2f · "
                        + "sink ≥ %.2f · local: distance ≤ %.1f · broad: normalised entropy ≥ %.2f · else mixed. "
                        + "Hover a column title for its definition.", HeadKind.INDUCTION_MIN, HeadKind.PREVIOUS_TOKEN_MIN,
                HeadKind.SINK_MIN, HeadKind.LOCAL_MAX_DISTANCE, HeadKind.BROAD_MIN_NORMALISED_ENTROPY);
    }

    static String ablateButton(int layer, int head) {
        return String.format(Locale.ROOT, "Switch off head %d.%d and re-run", layer, head);
    }

    static String headOnText(String which, int layer, int head) {
        return String.format(Locale.ROOT, "%s — head %d.%d", which, layer, head);
    }

    static String changeTitle(Ablation a) {
        int[] off = a.mask().heads().get(0);
        return String.format(Locale.ROOT, "Mean |Δα| in every head with %d.%d %s (outlined). Heads in layers up to %d "
                + "do not change: their attention is computed before the ablated output is used.", off[0], off[1],
                offWord(a), off[0]);
    }

    static String shiftTitle(Ablation a) {
        int[] off = a.mask().heads().get(0);
        if (a.nextToken() == null)
            return String.format(Locale.ROOT, "An encoder has no next token. The final hidden states moved by %.2f%% "
                    + "(relative Frobenius norm).", 100 * a.hiddenChange());
        Ablation.NextTokenShift s = a.nextToken();
        return String.format(Locale.ROOT, "Next token with %d.%d %s: KL(before ‖ after) = %.4f nats, largest |Δp| = %.4f",
                off[0], off[1], offWord(a), s.klDivergence(), s.maxAbsDeltaP());
    }

    private static String offWord(Ablation a) {
        return a.mode() == Ablation.Mode.ZERO ? "zeroed" : "mean-ablated";
    }

    static String probability(double p) {
        return String.format(Locale.ROOT, "%.4f", p);
    }

    static String delta(double dp) {
        return String.format(Locale.ROOT, "%+.4f", dp);
    }

    static String rolloutTitle(int layer) {
        return String.format(Locale.ROOT, "Rollout up to layer %d: row i = how much each input token flows into "
                + "position i after layer %d (rows sum to 1). Change the layer above.", layer, layer);
    }
}
