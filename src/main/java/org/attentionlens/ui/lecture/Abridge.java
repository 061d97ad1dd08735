package org.attentionlens.ui.lecture;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Which rows or columns of a large matrix a slide shows: the first few, the last few, and those around a focus. */
final class Abridge {
    /** Marks a gap ("…") in an index list. */
    static final int GAP = -1;

    private Abridge() {
    }

    /**
     * Indices 0 … n-1 to show: all of them when n ≤ limit, else the first {@code head}, the last {@code tail},
     * focus ± 1 (focus &lt; 0 for none) and any {@code extra} ones, in order, with {@link #GAP} where indices
     * are skipped.
     */
    static List<Integer> indices(int n, int limit, int head, int tail, int focus, int... extra) {
        List<Integer> out = new ArrayList<>();
        if (n <= limit) {
            for (int i = 0; i < n; i++) out.add(i);
            return out;
        }
        TreeSet<Integer> keep = new TreeSet<>();
        for (int i = 0; i < Math.min(head, n); i++) keep.add(i);
        for (int i = Math.max(0, n - tail); i < n; i++) keep.add(i);
        if (focus >= 0) for (int i = focus - 1; i <= focus + 1; i++) if (i >= 0 && i < n) keep.add(i);
        for (int i : extra) if (i >= 0 && i < n) keep.add(i);
        int prev = -1;
        for (int i : keep) {
            if (i > prev + 1) out.add(GAP);
            out.add(i);
            prev = i;
        }
        return out;
    }
}
