package org.attentionlens.viz.figure;

import org.attentionlens.viz.LabelThinning;

import java.util.List;

/**
 * BertViz's head view as a figure: tokens twice (queries left, keys right) joined by lines whose opacity is the
 * weight, one colour per head; highlighted query rows at full strength, the others faint as on screen. Lines
 * fainter than the screen shows are left out. Legend: T tokens.
 */
public final class LinesFigure {
    private static final double MARGIN = 16, LABEL = 8, ROW = 11, SPAN = 220, TITLE = 11, MIN_OPACITY = 2.0 / 255;
    private static final int TEXT = 0x1c1f24;

    /** One head's weights (T, T) and its colour. */
    public record Head(String name, float[] weights, int rgb) {
    }

    private LinesFigure() {
    }

    /**
     * @param highlighted query rows drawn at full strength (the others at their faint screen opacity)
     */
    public static Figure of(String title, String[] labels, List<Head> heads, List<Integer> highlighted) {
        int T = labels.length;
        double labelW = 0;
        for (String l : labels) labelW = Math.max(labelW, Figure.textWidth(LabelThinning.fit(l, 16), LABEL));
        double top = MARGIN + TITLE * 2.2, xl = MARGIN + labelW, xr = xl + 8 + SPAN + 8;
        Figure f = new Figure(xr + labelW + MARGIN, top + T * ROW + MARGIN);
        f.add(new Figure.Text(MARGIN, MARGIN + TITLE, title, TITLE, true, Figure.Anchor.START, false, TEXT));
        double faint = 0.22 / Math.max(1, Math.sqrt(T / 16.0));
        for (Head h : heads)
            for (int i = 0; i < T; i++) {
                boolean strong = highlighted.contains(i);
                for (int j = 0; j < T; j++) {
                    float v = h.weights()[i * T + j];
                    double opacity = Math.min(1, strong ? v : v * faint);
                    if (opacity < MIN_OPACITY || strong && v < 0.01) continue;
                    f.add(new Figure.Line(xl + 8, top + (i + 0.5) * ROW, xr - 8, top + (j + 0.5) * ROW, h.rgb(),
                            opacity, strong ? 1.2 : 0.8));
                }
            }
        for (int i = 0; i < T; i++) {
            String s = LabelThinning.fit(labels[i], 16);
            double y = top + (i + 0.5) * ROW + LABEL * 0.35;
            f.add(new Figure.Text(xl, y, s, LABEL, highlighted.contains(i), Figure.Anchor.END, false, TEXT));
            f.add(new Figure.Text(xr, y, s, LABEL, false, Figure.Anchor.START, false, TEXT));
        }
        if (heads.size() > 1) {
            double x = MARGIN + Figure.textWidth(title, TITLE) + 16;
            for (Head h : heads) {
                f.add(new Figure.Text(x, MARGIN + TITLE, h.name(), TITLE * 0.9, true, Figure.Anchor.START, false, h.rgb()));
                x += Figure.textWidth(h.name(), TITLE * 0.9) + 8;
            }
        }
        return f;
    }
}
