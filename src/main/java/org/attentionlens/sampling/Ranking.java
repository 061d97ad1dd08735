package org.attentionlens.sampling;

import java.util.Arrays;

/** Orders of probability vectors. Legend: V vocabulary. */
public final class Ranking {
    private Ranking() {
    }

    /**
     * Token ids (V) sorted by p descending, ties by ascending id. p must be ≥ 0.
     * Sorts packed longs (order-preserving float bits, then id) instead of boxed indices: V = 50257 per step.
     */
    public static int[] descending(double[] p) {
        int V = p.length;
        long[] keys = new long[V]; // (V) (MAX − bits of p) << 32 | id
        for (int i = 0; i < V; i++) {
            int bits = Float.floatToIntBits((float) p[i]); // monotonic in p for p ≥ 0
            keys[i] = ((long) (Integer.MAX_VALUE - bits) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[V];
        for (int r = 0; r < V; r++) order[r] = (int) keys[r];
        return order;
    }

    /** The k ids of largest p, descending (ties by ascending id), in one pass without sorting all V. */
    public static int[] top(double[] p, int k) {
        k = Math.min(k, p.length);
        int[] best = new int[k]; // (k) kept in descending order
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (n == k && !(p[i] > p[best[k - 1]])) continue;
            int at = n < k ? n++ : k - 1;
            while (at > 0 && p[i] > p[best[at - 1]]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }
}
