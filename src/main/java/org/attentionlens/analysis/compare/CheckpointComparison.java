package org.attentionlens.analysis.compare;

import org.attentionlens.analysis.HeadMeasures;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.InductionProbe;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.List;

/**
 * Two checkpoints of one model (two steps of a training run, or a base model and its fine-tune) side by side on the
 * same token ids: every head's statistics in each, how far its attention moved on the text, and how far each of its
 * weight matrices moved. Legend as in {@link ModelSpec}; T tokens; a the first checkpoint, b the second.
 *
 * @param a             head statistics of the first checkpoint (the text and its induction probe)
 * @param b             the same for the second
 * @param traceA        the first checkpoint's pass over the text
 * @param traceB        the second's, on the same ids
 * @param patternChange (L)(H) mean |α_b − α_a| over the head's visible cells
 * @param weightChange  (L)(H)(4) ‖W_b − W_a‖_F / ‖W_a‖_F of the head's W_Q, W_K, W_V and W_O slices (K and V: its
 *                      group's under grouped-query attention)
 */
public record CheckpointComparison(HeadReport a, HeadReport b, AttentionTrace traceA, AttentionTrace traceB,
                                   double[][] patternChange, double[][][] weightChange) {

    /** Names of the weight matrices, in weightChange's order. */
    public static final List<String> MATRICES = List.of("W_Q", "W_K", "W_V", "W_O");

    /** Compares model b with model a on text (ids from a's tokenizer); each probe uses its own tokenizer. */
    public static CheckpointComparison run(Transformer a, Tokenizer tokA, Transformer b, Tokenizer tokB, Tokens text,
                                           Progress progress) {
        requireSameShape(a.config(), b.config());
        ModelSpec c = a.config();
        progress.report(0.05, "Running the first checkpoint");
        AttentionTrace ta = AttentionTrace.capture(a, text), tb = AttentionTrace.capture(b, text);
        progress.report(0.3, "Induction probes");
        HeadReport ra = HeadReport.of(List.of(ta), InductionProbe.run(a, tokA, HeadReport.PROBE_SEED));
        HeadReport rb = HeadReport.of(List.of(tb), InductionProbe.run(b, tokB, HeadReport.PROBE_SEED));
        progress.report(0.6, "Comparing weights");
        int L = c.layers(), H = c.heads();
        double[][] pattern = new double[L][H];
        double[][][] weights = new double[L][H][];
        for (int l = 0; l < L; l++) {
            AttentionWeights wa = a.weights().layers().get(l).attention(), wb = b.weights().layers().get(l).attention();
            float[][] ma = rowMajor(wa), mb = rowMajor(wb);
            for (int h = 0; h < H; h++) {
                pattern[l][h] = HeadMeasures.meanAbsDifference(ta.head(l, h), tb.head(l, h));
                int g = c.kvHeadOf(h), Dh = c.dHead();
                weights[l][h] = new double[]{columnChange(ma[0], mb[0], c.qWidth(), h * Dh, Dh),
                        columnChange(ma[1], mb[1], c.kvWidth(), g * Dh, Dh),
                        columnChange(ma[2], mb[2], c.kvWidth(), g * Dh, Dh),
                        rowChange(ma[3], mb[3], c.dModel(), h * Dh, Dh)};
            }
            progress.report(0.6 + 0.4 * (l + 1) / L, "Comparing weights");
        }
        return new CheckpointComparison(ra, rb, ta, tb, pattern, weights);
    }

    /** Throws unless a and b have the same layers, heads, widths and vocabulary. */
    static void requireSameShape(ModelSpec a, ModelSpec b) {
        String sa = shape(a), sb = shape(b);
        if (!sa.equals(sb))
            throw new IllegalArgumentException("the two checkpoints are different models: " + sa + " against " + sb
                    + "; compare checkpoints of one model (a run's steps, or a base model and its fine-tune)");
    }

    private static String shape(ModelSpec c) {
        return c.family() + " " + c.layers() + " layers × " + c.heads() + " heads (" + c.kvHeads() + " key/value) of "
                + c.dHead() + ", d " + c.dModel() + ", vocabulary " + c.vocabSize();
    }

    /** W_Q (D, H·Dh), W_K, W_V (D, Hkv·Dh), W_O (H·Dh, D), row-major. */
    private static float[][] rowMajor(AttentionWeights w) {
        Matrix[] m = {w.wq(), w.wk(), w.wv(), w.wo()};
        float[][] out = new float[4][];
        for (int i = 0; i < 4; i++) out[i] = m[i].toRowMajor();
        return out;
    }

    /** Relative change of columns from … from+n of (rows, width) matrices. */
    private static double columnChange(float[] a, float[] b, int width, int from, int n) {
        double diff = 0, norm = 0;
        for (int r = 0; r < a.length / width; r++)
            for (int j = from; j < from + n; j++) {
                double x = a[r * width + j], d = b[r * width + j] - x;
                diff += d * d;
                norm += x * x;
            }
        return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }

    /** Relative change of rows from … from+n of (rows, width) matrices. */
    private static double rowChange(float[] a, float[] b, int width, int from, int n) {
        double diff = 0, norm = 0;
        for (int i = from * width; i < (from + n) * width; i++) {
            double d = (double) b[i] - a[i];
            diff += d * d;
            norm += (double) a[i] * a[i];
        }
        return norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    }
}
