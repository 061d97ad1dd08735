package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.Intervention;
import org.attentionlens.model.ModelSpec;

import java.util.List;

/**
 * Heads whose output Σ_j α_ij v_j is replaced before W_O mixes them: by zeros (zero ablation), by the head's mean
 * output over the positions of a reference run (mean ablation), or by another run's output at the same positions
 * (activation patching). The heads still attend; only what they write changes. Immutable.
 * Legend as in {@link ModelSpec}; T positions of the run.
 */
public final class HeadReplacement implements Intervention {
    private final int H, Dh;
    private final float[][][] rows; // (L)(H) → (T, Dh) rows by position, one (Dh) row for every position, or null

    private HeadReplacement(ModelSpec c, float[][][] rows) {
        this.H = c.heads();
        this.Dh = c.dHead();
        this.rows = rows;
    }

    /** The heads' outputs set to 0, each head given as {layer, head}. */
    public static HeadReplacement zero(ModelSpec c, List<int[]> heads) {
        float[][][] rows = new float[c.layers()][c.heads()][];
        for (int[] lh : check(c, heads)) rows[lh[0]][lh[1]] = new float[c.dHead()];
        return new HeadReplacement(c, rows);
    }

    /** The heads' outputs set to their mean over the positions of the reference run. */
    public static HeadReplacement mean(AttentionTrace reference, List<int[]> heads) {
        ModelSpec c = reference.config();
        int T = reference.length();
        float[][][] rows = new float[c.layers()][c.heads()][];
        for (int[] lh : check(c, heads)) {
            double[] sum = new double[c.dHead()];
            for (int t = 0; t < T; t++) {
                float[] o = reference.headOutput(lh[0], lh[1], t);
                for (int d = 0; d < sum.length; d++) sum[d] += o[d];
            }
            float[] mean = new float[sum.length]; // (Dh)
            for (int d = 0; d < sum.length; d++) mean[d] = (float) (sum[d] / T);
            rows[lh[0]][lh[1]] = mean;
        }
        return new HeadReplacement(c, rows);
    }

    /** The heads' outputs at every position taken from the source run (of the same length as the run patched). */
    public static HeadReplacement patch(AttentionTrace source, List<int[]> heads) {
        ModelSpec c = source.config();
        int T = source.length(), Dh = c.dHead();
        float[][][] rows = new float[c.layers()][c.heads()][];
        for (int[] lh : check(c, heads)) {
            float[] all = new float[T * Dh]; // (T, Dh)
            for (int t = 0; t < T; t++) System.arraycopy(source.headOutput(lh[0], lh[1], t), 0, all, t * Dh, Dh);
            rows[lh[0]][lh[1]] = all;
        }
        return new HeadReplacement(c, rows);
    }

    private static List<int[]> check(ModelSpec c, List<int[]> heads) {
        for (int[] lh : heads)
            if (lh.length != 2 || lh[0] < 0 || lh[0] >= c.layers() || lh[1] < 0 || lh[1] >= c.heads())
                throw new IllegalArgumentException("no head " + java.util.Arrays.toString(lh) + " in a model of "
                        + c.layers() + " layers × " + c.heads() + " heads");
        return heads;
    }

    @Override
    public void editHeads(int layer, float[] heads, int pos0, int T) {
        for (int h = 0; h < H; h++) {
            float[] r = rows[layer][h];
            if (r == null) continue;
            for (int t = 0; t < T; t++) {
                int from = r.length == Dh ? 0 : (pos0 + t) * Dh;
                if (from + Dh > r.length) throw new IllegalStateException("the patch covers " + r.length / Dh + " positions, the run " + (pos0 + T));
                System.arraycopy(r, from, heads, (t * H + h) * Dh, Dh);
            }
        }
    }
}
