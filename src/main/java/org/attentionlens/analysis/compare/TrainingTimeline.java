package org.attentionlens.analysis.compare;

import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.HeadMeasures;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.InductionProbe;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * When a run's previous-token and induction heads formed: every checkpoint measured on the same seeded induction probe
 * (a random token sequence repeated twice, Olsson et al. 2022), each head's previous-token score (mean α_i,i−1) and
 * induction score on it, and for each kind the head that first crossed the head table's threshold and stayed above it
 * in every later checkpoint. Legend as in {@link ModelSpec}.
 *
 * @param points        the checkpoints by step
 * @param previousToken when a previous-token head formed, or null if none did
 * @param induction     when an induction head formed, or null
 */
public record TrainingTimeline(List<Point> points, Formed previousToken, Formed induction) {

    /** A checkpoint to measure: its label (the folder), its training step, the model and its tokenizer. */
    public record Snapshot(String label, long step, Transformer model, Tokenizer tokenizer) {
    }

    /**
     * One checkpoint's scores.
     *
     * @param previousToken (L)(H) on the probe sequence
     * @param induction     (L)(H) on the probe sequence
     */
    public record Point(String label, long step, double[][] previousToken, double[][] induction) {
    }

    /** The head of a kind that formed first: from {@code step} on its score stayed ≥ the threshold. */
    public record Formed(int layer, int head, long step, double threshold) {
    }

    /** Measures every snapshot (of one model's shape), in step order. */
    public static TrainingTimeline run(List<Snapshot> snapshots, Progress progress) {
        if (snapshots.size() < 2) throw new IllegalArgumentException("a timeline needs at least two checkpoints, got " + snapshots.size());
        List<Snapshot> ordered = new ArrayList<>(snapshots);
        ordered.sort(Comparator.comparingLong(Snapshot::step));
        for (Snapshot s : ordered) CheckpointComparison.requireSameShape(ordered.get(0).model().config(), s.model().config());
        List<Point> points = new ArrayList<>();
        for (Snapshot s : ordered) {
            points.add(measure(s));
            progress.report((double) points.size() / ordered.size(), "Measured " + s.label());
        }
        return new TrainingTimeline(points, formed(points, Point::previousToken, HeadKind.PREVIOUS_TOKEN_MIN),
                formed(points, Point::induction, HeadKind.INDUCTION_MIN));
    }

    private static Point measure(Snapshot s) {
        ModelSpec c = s.model().config();
        InductionProbe.Result probe = InductionProbe.run(s.model(), s.tokenizer(), HeadReport.PROBE_SEED)
                .orElseThrow(() -> new IllegalArgumentException(s.label() + ": the context is too short for the induction probe"));
        int[] ids = probe.ids();
        AttentionTrace trace = AttentionTrace.capture(s.model(), Tokens.ofIds(ids, null));
        double[][] previous = new double[c.layers()][c.heads()];
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) previous[l][h] = HeadMeasures.previousToken(trace.head(l, h));
        return new Point(s.label(), s.step(), previous, probe.scores());
    }

    /** The head whose score crosses min earliest and stays above it to the last point; null if none. */
    static Formed formed(List<Point> points, Function<Point, double[][]> score, double min) {
        double[][] first = score.apply(points.get(0));
        Formed best = null;
        for (int l = 0; l < first.length; l++)
            for (int h = 0; h < first[l].length; h++) {
                int from = points.size();
                while (from > 0 && score.apply(points.get(from - 1))[l][h] >= min) from--;
                if (from == points.size()) continue;
                long step = points.get(from).step();
                if (best == null || step < best.step()) best = new Formed(l, h, step, min);
            }
        return best;
    }
}
