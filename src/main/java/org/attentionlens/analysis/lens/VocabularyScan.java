package org.attentionlens.analysis.lens;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Table;

import java.util.Arrays;

/**
 * Reads many rows of the residual stream (already through the final norm) out through the next-token head without
 * ever holding all their logits: each row's logits (V) come from the kernels' table product, the very call the
 * model's own head makes, so the last layer reads exactly the model's logits, bit for bit; of them the row keeps
 * only its top k, log Σ exp (for probabilities) and the rank of a target token. At 128k vocabulary × 16 layers × 64
 * positions the full logits would be 537 MB; this holds one row's (512 KB) at a time. Legend: R rows, D width,
 * V vocabulary, k tokens kept per row.
 */
final class VocabularyScan {
    /**
     * What one row reads as.
     *
     * @param topIds     (k) the k largest logits' ids, descending (ties: lower id first)
     * @param topLogits  (k) their logits
     * @param logSumExp  log Σ_v exp(logit_v), so p_v = exp(logit_v − logSumExp)
     * @param target     the target's logit, NaN when there is no target
     * @param targetRank 1 + the number of tokens with a larger logit (1 = on top); 0 when there is no target
     */
    record Row(int[] topIds, float[] topLogits, double logSumExp, float target, int targetRank) {
        double p(float logit) {
            return Math.exp(logit - logSumExp);
        }
    }

    private VocabularyScan() {
    }

    /**
     * Rows x (R, D) read through head (V, D), soft-capped at cap (0: none); target −1 for none. progress gets the
     * share of the rows done; it may throw to cancel.
     */
    static Row[] scan(Kernels kn, float[] x, int R, Table head, float cap, int k, int target,
                      java.util.function.DoubleConsumer progress) {
        int D = head.cols(), V = head.rows(), kk = Math.min(k, V);
        float[] row = new float[D];    // (D) one row of x
        float[] logits = new float[V]; // (V) its logits
        Row[] out = new Row[R];
        for (int r = 0; r < R; r++) {
            System.arraycopy(x, r * D, row, 0, D);
            kn.tableProduct(logits, row, head);
            if (cap > 0) kn.softcap(logits, 0, V, cap);
            out[r] = read(logits, kk, target);
            progress.accept((double) (r + 1) / R);
        }
        return out;
    }

    /** One row's top kk, log-sum-exp and target rank from its logits (V). */
    private static Row read(float[] logits, int kk, int target) {
        int V = logits.length;
        int[] ids = new int[kk];
        float[] tops = new float[kk];
        Arrays.fill(tops, Float.NEGATIVE_INFINITY);
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double sum = 0;
        int filled = 0, above = 0;
        float t = target >= 0 ? logits[target] : Float.NaN;
        for (int v = 0; v < V; v++) {
            float l = logits[v];
            sum += Math.exp(l - max);
            if (target >= 0 && l > t) above++;
            if (filled < kk || l > tops[kk - 1]) filled = insert(ids, tops, filled, v, l);
        }
        return new Row(ids, tops, max + Math.log(sum), t, target >= 0 ? above + 1 : 0);
    }

    /** Puts (id, logit) into the descending top list of n entries (a later id loses ties); returns the new n. */
    private static int insert(int[] ids, float[] tops, int n, int id, float logit) {
        int k = ids.length, at = Math.min(n, k - 1);
        while (at > 0 && logit > tops[at - 1]) {
            tops[at] = tops[at - 1];
            ids[at] = ids[at - 1];
            at--;
        }
        tops[at] = logit;
        ids[at] = id;
        return Math.min(n + 1, k);
    }
}
