package org.attentionlens.analysis.lens;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Table;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Reads many rows of the residual stream (already through the final norm) out through the next-token head without
 * ever holding their full logits: the head (V, D) is widened a block of Vb rows at a time, every row's logits for the
 * block come from one product, and each row keeps only its top k, a running log-sum-exp (for probabilities) and the
 * rank of a target token. At 128k vocabulary × 16 layers × 64 positions the full logits would be 537 MB; this keeps
 * a few kilobytes per row. Logits are computed by the kernels' transposed product, whose reduction depends on D
 * alone: for D ≥ 256 it is the one the model's own head runs, bit for bit. Legend: R rows, D width, V vocabulary,
 * Vb vocabulary rows per block, k tokens kept per row.
 */
final class VocabularyScan {
    /** Vocabulary rows widened per step: (Vb, D) floats, 16 MB at D = 2048. */
    static final int BLOCK = 2048;

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
     * share of the vocabulary done; it may throw to cancel.
     */
    static Row[] scan(Kernels kn, float[] x, int R, Table head, float cap, int k, int target,
                      java.util.function.DoubleConsumer progress) {
        int D = head.cols(), V = head.rows(), kk = Math.min(k, V);
        float[] targetLogits = new float[R]; // (R)
        if (target >= 0) {
            float[] row = new float[D]; // (1, D) the target's row of the head
            head.row(target, row, 0);
            kn.matmulTransposed(targetLogits, 0, 1, x, 0, D, row, 0, D, R, 1, D, 1f);
            if (cap > 0) kn.softcap(targetLogits, 0, R, cap);
        }
        int[][] ids = new int[R][kk];
        float[][] tops = new float[R][kk];
        for (float[] t : tops) Arrays.fill(t, Float.NEGATIVE_INFINITY);
        int[] filled = new int[R], above = new int[R];
        double[] max = new double[R], sum = new double[R]; // running max and Σ exp(logit − max)
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] block = new float[Math.min(BLOCK, V) * D];      // (Vb, D) widened head rows
        float[] logits = new float[R * Math.min(BLOCK, V)];     // (R, Vb)
        for (int v0 = 0; v0 < V; v0 += BLOCK) {
            int Vb = Math.min(BLOCK, V - v0), first = v0;
            for (int v = 0; v < Vb; v++) head.row(v0 + v, block, v * D);
            kn.matmulTransposed(logits, 0, Vb, x, 0, D, block, 0, D, R, Vb, D, 1f);
            if (cap > 0) kn.softcap(logits, 0, R * Vb, cap);
            IntStream.range(0, R).parallel().forEach(r -> {
                int o = r * Vb;
                double m = max[r];
                for (int v = 0; v < Vb; v++) m = Math.max(m, logits[o + v]);
                double s = sum[r] * Math.exp(max[r] - m); // 0 · exp(−∞) on the first block: guarded below
                if (max[r] == Double.NEGATIVE_INFINITY) s = 0;
                for (int v = 0; v < Vb; v++) {
                    float l = logits[o + v];
                    s += Math.exp(l - m);
                    if (target >= 0 && l > targetLogits[r]) above[r]++;
                    if (filled[r] < kk || l > tops[r][kk - 1]) filled[r] = insert(ids[r], tops[r], filled[r], first + v, l);
                }
                max[r] = m;
                sum[r] = s;
            });
            progress.accept((double) (v0 + Vb) / V);
        }
        Row[] out = new Row[R];
        for (int r = 0; r < R; r++)
            out[r] = new Row(ids[r], tops[r], max[r] + Math.log(sum[r]), target >= 0 ? targetLogits[r] : Float.NaN,
                    target >= 0 ? above[r] + 1 : 0);
        return out;
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
