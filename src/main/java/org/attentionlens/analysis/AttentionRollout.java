package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;

import java.util.Arrays;

/**
 * Attention rollout (Abnar &amp; Zuidema 2020): how much each input position flows into each position after
 * layer l, treating the residual connection as half the mixing. Â_l = row-normalise(0.5 · mean_h A_l + 0.5 · I)
 * and R_l = Â_l · R_{l−1}, R_0 = I. Every row of R_l sums to 1. Legend: L layers, T tokens; row = query.
 */
public final class AttentionRollout {
    private final int T;
    private final float[][] cumulative; // (L)(T, T) R_1 … R_L

    private AttentionRollout(int T, float[][] cumulative) {
        this.T = T;
        this.cumulative = cumulative;
    }

    /** Rollout of a trace: the mean over heads of every layer's weights, then the product. */
    public static AttentionRollout of(AttentionTrace trace) {
        ModelSpec c = trace.config();
        int T = trace.length();
        float[][] means = new float[c.layers()][T * T]; // (L)(T, T)
        for (int l = 0; l < c.layers(); l++) {
            for (int h = 0; h < c.heads(); h++) {
                float[] w = trace.head(l, h).weights();
                for (int x = 0; x < T * T; x++) means[l][x] += w[x] / c.heads();
            }
        }
        return of(means, T);
    }

    /** Rollout from per-layer head-averaged attention (L)(T, T), rows = queries. */
    public static AttentionRollout of(float[][] headMeans, int T) {
        int L = headMeans.length;
        float[][] out = new float[L][];
        double[] r = new double[T * T]; // (T, T) R_{l−1}, starting at I
        for (int i = 0; i < T; i++) r[i * T + i] = 1;
        double[] a = new double[T * T];    // (T, T) Â_l
        double[] next = new double[T * T]; // (T, T)
        for (int l = 0; l < L; l++) {
            for (int i = 0; i < T; i++) {
                double sum = 0;
                for (int j = 0; j < T; j++) {
                    a[i * T + j] = 0.5 * headMeans[l][i * T + j] + (i == j ? 0.5 : 0);
                    sum += a[i * T + j];
                }
                for (int j = 0; j < T; j++) a[i * T + j] /= sum;
            }
            Arrays.fill(next, 0);
            for (int i = 0; i < T; i++)
                for (int k = 0; k < T; k++) {
                    double aik = a[i * T + k];
                    if (aik == 0) continue;
                    for (int j = 0; j < T; j++) next[i * T + j] += aik * r[k * T + j];
                }
            double[] swap = r;
            r = next;
            next = swap;
            out[l] = new float[T * T];
            for (int x = 0; x < T * T; x++) out[l][x] = (float) r[x];
        }
        return new AttentionRollout(T, out);
    }

    public int length() {
        return T;
    }

    public int layers() {
        return cumulative.length;
    }

    /** R after layer l: (T, T) copy; row i = how position i's state after layer l draws on each input position. */
    public float[] upTo(int layer) {
        return cumulative[layer].clone();
    }

    /** R after the last layer: (T, T) copy. */
    public float[] total() {
        return upTo(layers() - 1);
    }

    public float get(int layer, int i, int j) {
        return cumulative[layer][i * T + j];
    }
}
