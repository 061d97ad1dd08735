package org.attentionlens.viz;

/**
 * Which axis labels fit: with cells smaller than a line of text, only every k-th label is drawn
 * (k the smallest of 1, 2, 5, 10, 20, 50 … that leaves room), so numbering stays easy to read.
 */
public final class LabelThinning {
    private LabelThinning() {
    }

    /** The stride k for cells of cellPx pixels and labels needing labelPx pixels each. */
    public static int stride(double cellPx, double labelPx) {
        if (cellPx <= 0) return Integer.MAX_VALUE;
        if (cellPx >= labelPx) return 1;
        int[] steps = {1, 2, 5};
        for (int decade = 1; ; decade *= 10) {
            for (int s : steps) {
                int k = s * decade;
                if (k * cellPx >= labelPx) return k;
            }
            if (decade > 100_000_000) return Integer.MAX_VALUE;
        }
    }

    /** Whether label index i is drawn at stride k. */
    public static boolean shown(int i, int k) {
        return i % k == 0;
    }

    /** A label cut to at most max characters, with an ellipsis. */
    public static String fit(String label, int max) {
        if (label.codePointCount(0, label.length()) <= max) return label;
        int end = label.offsetByCodePoints(0, Math.max(1, max - 1));
        return label.substring(0, end) + "…";
    }
}
