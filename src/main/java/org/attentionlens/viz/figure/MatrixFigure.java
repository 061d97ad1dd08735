package org.attentionlens.viz.figure;

import org.attentionlens.viz.ColorMap;
import org.attentionlens.viz.LabelThinning;
import org.attentionlens.viz.ValueScale;

import java.util.List;
import java.util.Locale;

/**
 * Query × key matrices side by side as a figure: a title, each matrix with its title, token labels on both axes
 * (thinned to every k-th with its position when they cannot all fit) and a colour bar with numbered ticks.
 * Legend: T tokens.
 */
public final class MatrixFigure {
    private static final double SIDE = 300, GAP = 36, LABEL = 7.5, TITLE = 11, MARGIN = 16, BAR = 8;
    private static final int TEXT = 0x1c1f24, MUTED = 0x5f6672;

    /** One matrix: its title, colours (T, T) and the scale its legend shows (a fraction of the row max when perRow). */
    public record Panel(String title, int[] argb, ValueScale scale, boolean perRow) {
    }

    private MatrixFigure() {
    }

    public static Figure of(String title, String[] labels, List<Panel> panels) {
        int T = labels.length;
        double cell = SIDE / T;
        int stride = LabelThinning.stride(cell, LABEL * 1.1);
        double labelW = 0;
        for (int i = 0; i < T; i += stride) labelW = Math.max(labelW, Figure.textWidth(label(labels, i, stride), LABEL));
        labelW += 6;
        double panelW = labelW + SIDE, top = MARGIN + TITLE * 1.6 + TITLE + labelW;
        Figure f = new Figure(2 * MARGIN + panels.size() * panelW + (panels.size() - 1) * GAP,
                top + SIDE + BAR + LABEL * 3 + MARGIN);
        f.add(new Figure.Text(MARGIN, MARGIN + TITLE, title, TITLE * 1.15, true, Figure.Anchor.START, false, TEXT));
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            double x0 = MARGIN + p * (panelW + GAP) + labelW;
            f.add(new Figure.Text(x0 - labelW, MARGIN + TITLE * 2.8, panel.title(), TITLE, true, Figure.Anchor.START, false, TEXT));
            f.add(new Figure.Cells(x0, top, SIDE, SIDE, panel.argb(), T, T));
            f.add(new Figure.Rect(x0, top, SIDE, SIDE, MUTED, 0.5));
            for (int i = 0; i < T; i += stride) {
                String s = label(labels, i, stride);
                double c = (i + 0.5) * cell + LABEL * 0.35;
                f.add(new Figure.Text(x0 - 3, top + c, s, LABEL, false, Figure.Anchor.END, false, TEXT));
                f.add(new Figure.Text(x0 + c, top - 3, s, LABEL, false, Figure.Anchor.START, true, TEXT));
            }
            legend(f, panel, x0, top + SIDE + 8);
        }
        return f;
    }

    private static void legend(Figure f, Panel panel, double x0, double y) {
        int n = 64;
        int[] bar = new int[n]; // (1, n) the colour map, low values left
        for (int k = 0; k < n; k++) bar[k] = panel.scale().map().entry(k * (ColorMap.SIZE - 1) / (n - 1));
        f.add(new Figure.Cells(x0, y, SIDE, BAR, bar, n, 1));
        f.add(new Figure.Rect(x0, y, SIDE, BAR, MUTED, 0.5));
        for (double t : new double[]{0, 0.25, 0.5, 0.75, 1}) {
            String v = compact(panel.scale().valueAt(t)) + (panel.perRow() && t == 1 ? " × row max" : "");
            Figure.Anchor a = t == 0 ? Figure.Anchor.START : t == 1 ? Figure.Anchor.END : Figure.Anchor.MIDDLE;
            f.add(new Figure.Line(x0 + SIDE * t, y + BAR, x0 + SIDE * t, y + BAR + 3, MUTED, 1, 0.5));
            f.add(new Figure.Text(x0 + SIDE * t, y + BAR + 3 + LABEL * 1.1, v, LABEL, false, a, false, TEXT));
        }
    }

    /** A thinned axis shows positions too, so "the" at 5 and at 9 stay apart. */
    static String label(String[] labels, int i, int stride) {
        String s = LabelThinning.fit(labels[i], 14);
        return stride > 1 ? i + " " + s : s;
    }

    static String compact(double v) {
        double a = Math.abs(v);
        if (v == 0) return "0";
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.1e", v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f", v);
    }
}
