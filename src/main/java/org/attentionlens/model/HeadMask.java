package org.attentionlens.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Heads switched off for an ablation: their output Σ_j α_ij v_j is zeroed before W_O, so they still attend
 * (and their attention can be drawn) but move nothing into the residual stream. Immutable.
 */
public final class HeadMask implements Intervention {
    /** No head switched off: the plain forward pass. */
    public static final HeadMask NONE = new HeadMask(new boolean[0][0]);

    private final boolean[][] off; // (L)(H), or empty for NONE

    private HeadMask(boolean[][] off) {
        this.off = off;
    }

    /** The given heads off, each as {layer, head}. */
    public static HeadMask of(ModelSpec c, int[]... heads) {
        boolean[][] off = new boolean[c.layers()][c.heads()];
        for (int[] lh : heads) {
            if (lh.length != 2 || lh[0] < 0 || lh[0] >= c.layers() || lh[1] < 0 || lh[1] >= c.heads())
                throw new IllegalArgumentException("no head " + java.util.Arrays.toString(lh) + " in a model of "
                        + c.layers() + " layers × " + c.heads() + " heads");
            off[lh[0]][lh[1]] = true;
        }
        return new HeadMask(off);
    }

    public boolean ablated(int layer, int head) {
        return layer < off.length && off[layer][head];
    }

    /** Whether any head of this layer is off. */
    public boolean any(int layer) {
        if (layer >= off.length) return false;
        for (boolean b : off[layer]) if (b) return true;
        return false;
    }

    /** Zeroes the output slice (T, Dh) of every head this mask switches off. */
    @Override
    public void editHeads(int layer, float[] heads, int pos0, int T) {
        if (!any(layer)) return;
        int H = off[layer].length, Dh = heads.length / (T * H);
        for (int h = 0; h < H; h++)
            if (off[layer][h])
                for (int t = 0; t < T; t++) java.util.Arrays.fill(heads, (t * H + h) * Dh, (t * H + h + 1) * Dh, 0f);
    }

    /** The heads off, each as {layer, head}, by layer then head. */
    public List<int[]> heads() {
        List<int[]> out = new ArrayList<>();
        for (int l = 0; l < off.length; l++)
            for (int h = 0; h < off[l].length; h++) if (off[l][h]) out.add(new int[]{l, h});
        return out;
    }
}
