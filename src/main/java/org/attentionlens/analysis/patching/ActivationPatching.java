package org.attentionlens.analysis.patching;

import org.attentionlens.analysis.Applicability;
import org.attentionlens.analysis.HeadReplacement;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.Intervention;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;
import java.util.List;

/**
 * Activation patching (Meng et al. 2022; Wang et al. 2022): a clean and a corrupted prompt of the same length; an
 * activation of the clean run is written into the corrupted run, and the share of the logit difference it restores
 * is (d_patched − d_corrupted) / (d_clean − d_corrupted), where d = l_a − l_b at the last position: 1 when the
 * patch brings back the clean answer's whole margin, 0 when it changes nothing. Legend as in {@link ModelSpec};
 * T tokens of each prompt, a the target token, b the token it is measured against.
 */
public final class ActivationPatching {
    private final Transformer model;
    private final AttentionTrace clean;
    private final int[] corrupted; // (T)
    private final int target, versus;
    private final double cleanDiff, corruptedDiff;

    private ActivationPatching(Transformer model, AttentionTrace clean, int[] corrupted, int target, int versus,
                               double cleanDiff, double corruptedDiff) {
        this.model = model;
        this.clean = clean;
        this.corrupted = corrupted;
        this.target = target;
        this.versus = versus;
        this.cleanDiff = cleanDiff;
        this.corruptedDiff = corruptedDiff;
    }

    /**
     * Runs both prompts. target −1 takes the clean run's most likely next token; versus −1 the corrupted run's (or,
     * when that is the target too, the clean run's second).
     */
    public static ActivationPatching prepare(Transformer model, Tokens cleanTokens, Tokens corruptedTokens, int target,
                                             int versus) {
        ModelSpec c = model.config();
        Applicability.requireNextTokenHead(c, "Activation patching");
        if (cleanTokens.size() != corruptedTokens.size())
            throw new IllegalArgumentException("the clean prompt is " + cleanTokens.size() + " tokens and the corrupted "
                    + corruptedTokens.size() + ": patching needs prompts of the same length, position by position");
        AttentionTrace clean = AttentionTrace.capture(model, cleanTokens);
        float[] cleanLogits = clean.logitsLast();
        float[] corruptLogits = model.forward(corruptedTokens.ids(), ForwardObserver.NONE).logitsLast();
        int a = target >= 0 ? target : argmax(cleanLogits, -1);
        int b = versus >= 0 ? versus : argmax(corruptLogits, -1) != a ? argmax(corruptLogits, -1) : argmax(cleanLogits, a);
        if (a == b) throw new IllegalArgumentException("the target and the token it is measured against are the same token");
        double dClean = diff(cleanLogits, a, b), dCorrupt = diff(corruptLogits, a, b);
        if (Math.abs(dClean - dCorrupt) < 1e-6 * Math.max(1, Math.abs(dClean)))
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the clean and corrupted prompts give "
                    + "the same logit difference (%.4g): there is nothing to restore; change the corrupted prompt", dClean));
        return new ActivationPatching(model, clean, corruptedTokens.ids().clone(), a, b, dClean, dCorrupt);
    }

    public int target() {
        return target;
    }

    public int versus() {
        return versus;
    }

    /** l_a − l_b on the clean prompt. */
    public double cleanDiff() {
        return cleanDiff;
    }

    /** l_a − l_b on the corrupted prompt. */
    public double corruptedDiff() {
        return corruptedDiff;
    }

    /** The clean run (its head outputs and residual stream are what gets patched in). */
    public AttentionTrace clean() {
        return clean;
    }

    /** The restored share of a corrupted run with any intervention (one whole pass). */
    public double restored(Intervention patch) {
        float[] logits = model.forward(corrupted, new KvCache(model.config(), corrupted.length), ForwardObserver.NONE,
                patch).logitsLast();
        return share(diff(logits, target, versus));
    }

    /** (L)(H) the share each head's clean output restores, patched at every position: L·H passes. */
    public double[][] heads(Progress progress) {
        ModelSpec c = model.config();
        int L = c.layers(), H = c.heads();
        double[][] out = new double[L][H];
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++) {
                out[l][h] = restored(HeadReplacement.patch(clean, List.of(new int[]{l, h})));
                progress.report((l * H + h + 1.0) / (L * H), "Patching head " + l + "." + h);
            }
        return out;
    }

    /**
     * (L)(T) the share the clean stream after block l at position t restores. A patch at t changes nothing before t,
     * so the corrupted prompt's keys and values there are cached once and each patched run recomputes positions t …
     * T−1 only (the cached pass equals a full one to float rounding): T(T+1)/2 instead of T² positions per layer.
     */
    public double[][] residual(Progress progress) {
        ModelSpec c = model.config();
        int L = c.layers(), T = corrupted.length;
        float[][] source = new float[L][];
        for (int l = 0; l < L; l++) source[l] = clean.residual(l);
        KvCache cache = new KvCache(c, T);
        model.forward(corrupted, cache, ForwardObserver.NONE);
        double[][] out = new double[L][T];
        long done = 0, total = (long) L * T * (T + 1) / 2;
        for (int t = T - 1; t >= 0; t--) // later positions first: each run rewrites only rows t … T−1 of the cache
            for (int l = 0; l < L; l++) {
                boolean[] at = new boolean[T];
                at[t] = true;
                cache.truncate(t);
                float[] logits = model.forward(Arrays.copyOfRange(corrupted, t, T), cache, ForwardObserver.NONE,
                        new ResidualPatch(c, l, source[l], at)).logitsLast();
                out[l][t] = share(diff(logits, target, versus));
                done += T - t;
                progress.report((double) done / total, "Patching the stream after block " + l + " at position " + t);
            }
        return out;
    }

    private double share(double d) {
        return (d - corruptedDiff) / (cleanDiff - corruptedDiff);
    }

    private static double diff(float[] logits, int a, int b) {
        return (double) logits[a] - logits[b];
    }

    /** The id of the largest logit other than skip. */
    private static int argmax(float[] logits, int skip) {
        int best = skip == 0 ? 1 : 0;
        for (int v = 0; v < logits.length; v++) if (v != skip && logits[v] > logits[best]) best = v;
        return best;
    }
}
