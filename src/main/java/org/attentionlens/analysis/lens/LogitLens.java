package org.attentionlens.analysis.lens;

import org.attentionlens.analysis.Applicability;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;

/**
 * The logit lens (nostalgebraist 2020): the residual stream after every block, at every position, read out as if it
 * were the last block's output, through the model's own final norm and next-token head (and Gemma 2's final
 * soft-cap). The last layer's readout is the model's prediction. Only the top k tokens of each cell are kept.
 * Legend as in {@link ModelSpec}; T tokens, k tokens kept per cell.
 *
 * @param target           the token followed through the grid, or −1
 * @param cells            (L)(T) what block l's output at position t reads as
 * @param firstStableLayer (T) the first layer from which the last layer's top token stays on top at that position
 */
public record LogitLens(int target, Cell[][] cells, int[] firstStableLayer) {

    /**
     * One layer and position.
     *
     * @param topIds     (k) the most likely tokens, descending
     * @param topP       (k) their probabilities
     * @param targetP    the target's probability, NaN without a target
     * @param targetRank the target's rank, 1 = on top; 0 without a target
     */
    public record Cell(int[] topIds, double[] topP, double targetP, int targetRank) {
        public int top() {
            return topIds[0];
        }
    }

    public int layers() {
        return cells.length;
    }

    public int positions() {
        return cells[0].length;
    }

    public Cell cell(int layer, int position) {
        return cells[layer][position];
    }

    /** Reads every block's output of a trace; k tokens per cell, target −1 for none. */
    public static LogitLens of(AttentionTrace trace, int target, int k, Progress progress) {
        Transformer model = trace.model();
        ModelSpec c = model.config();
        Applicability.requireNextTokenHead(c, "The logit lens");
        if (k < 1) throw new IllegalArgumentException("keep at least one token per cell (--top ≥ 1)");
        if (target >= c.vocabSize()) throw new IllegalArgumentException("target " + target + " outside the vocabulary");
        int L = c.layers(), T = trace.length(), D = c.dModel();
        float[] normed = new float[L * T * D]; // (L·T, D) row l·T + t: block l's output at t, through the final norm
        for (int l = 0; l < L; l++) System.arraycopy(model.finalNorm(trace.residual(l), T), 0, normed, l * T * D, T * D);
        VocabularyScan.Row[] rows = VocabularyScan.scan(model.kernels(), normed, L * T, model.unembedding(),
                c.finalSoftcap(), k, target, done -> progress.report(done, "Reading " + L + " layers through the head"));
        Cell[][] cells = new Cell[L][T];
        for (int l = 0; l < L; l++)
            for (int t = 0; t < T; t++) cells[l][t] = cell(rows[l * T + t]);
        return new LogitLens(target, cells, firstStable(cells));
    }

    private static Cell cell(VocabularyScan.Row r) {
        double[] p = new double[r.topIds().length];
        for (int i = 0; i < p.length; i++) p[i] = r.p(r.topLogits()[i]);
        return new Cell(r.topIds(), p, r.targetRank() == 0 ? Double.NaN : r.p(r.target()), r.targetRank());
    }

    /** (T) per position, the first layer from which every later layer's top token is the last layer's. */
    static int[] firstStable(Cell[][] cells) {
        int L = cells.length, T = cells[0].length;
        int[] first = new int[T];
        for (int t = 0; t < T; t++) {
            int answer = cells[L - 1][t].top(), l = L - 1;
            while (l > 0 && cells[l - 1][t].top() == answer) l--;
            first[t] = l;
        }
        return first;
    }
}
