package org.attentionlens.model;

import java.util.Arrays;

/**
 * Every head's softmax weights shrunk to at most {@link #SIDE} cells a side while the pass computes them: the model
 * view's thumbnails and the head table's sparklines at any length, with no T × T matrix kept or rebuilt (Llama-3.2-1B
 * at 2,048 tokens has 512 heads of 4 M weights each). Each cell is the largest weight of its block, so a sharp
 * one-cell pattern survives; NaN where every cell of the block is masked. A second set leaves out the first key
 * (position 0, where Llama-family heads park most of their weight: the attention sink), so the rest can be scaled on
 * its own. Filled by the pass's {@link ForwardObserver#onHeadRows} taps, one head per thread, then only read.
 * <p>Legend: L layers, H heads, T tokens, S = min(T, SIDE) cells a side; rows and columns i fall in block ⌊i·S/T⌋.
 */
public final class HeadThumbnails {
    /** Thumbnails are at most this many cells a side; shorter texts keep one cell per token. */
    public static final int SIDE = 96;

    private final int T, S, H;
    private final AttentionMask[] masks; // (L)
    private final int[] blockStart;      // (S + 1) first position of each block, then T
    private final float[][] all;         // (L·H)(S, S)
    private final float[][] noSink;      // (L·H)(S, S) the same without key 0

    HeadThumbnails(ModelSpec c, int T) {
        this.T = T;
        this.S = Math.min(T, SIDE);
        this.H = c.heads();
        this.masks = new AttentionMask[c.layers()];
        for (int l = 0; l < masks.length; l++) masks[l] = c.mask(l);
        this.blockStart = new int[S + 1];
        for (int b = 0, i = 0; b <= S; b++) {
            while (i < T && (long) i * S / T < b) i++;
            blockStart[b] = i;
        }
        this.all = new float[c.layers() * H][];
        this.noSink = new float[c.layers() * H][];
    }

    /** Folds weights (R, Tk) of query rows row0 … into the head's thumbnails; heads may call from several threads. */
    void record(int layer, int head, float[] weights, int row0, int R, int Tk) {
        int k = layer * H + head;
        if (all[k] == null) {
            all[k] = nan(S * S);
            noSink[k] = nan(S * S);
        }
        float[] a = all[k], n = noSink[k];
        AttentionMask mask = masks[layer];
        for (int r = 0; r < R; r++) {
            int i = row0 + r, row = (int) ((long) i * S / T) * S, o = r * Tk;
            int first = mask.first(i), end = mask.end(i, Tk);
            for (int b = 0; b < S; b++) {
                int j0 = Math.max(first, blockStart[b]), j1 = Math.min(end, blockStart[b + 1]);
                if (j0 >= j1) continue;
                float max = weights[o + j0];
                for (int j = j0 + 1; j < j1; j++) if (weights[o + j] > max) max = weights[o + j];
                if (!(a[row + b] >= max)) a[row + b] = max; // NaN (no cell yet) is replaced too
                int s0 = Math.max(j0, 1);
                if (s0 >= j1) continue;
                float rest = weights[o + s0];
                for (int j = s0 + 1; j < j1; j++) if (weights[o + j] > rest) rest = weights[o + j];
                if (!(n[row + b] >= rest)) n[row + b] = rest;
            }
        }
    }

    private static float[] nan(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /** S: cells a side. */
    public int side() {
        return S;
    }

    /** (S, S) block maxima of head (layer, head)'s weights, NaN where a block is all masked: a copy. */
    public float[] weights(int layer, int head) {
        return all[layer * H + head].clone();
    }

    /** (S, S) the same with key 0 (the sink) left out: NaN where a block holds no other visible key. A copy. */
    public float[] withoutFirstKey(int layer, int head) {
        return noSink[layer * H + head].clone();
    }
}
