package org.attentionlens.ui.head;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.LabelThinning;
import org.attentionlens.viz.ValueScale;

/**
 * The selected query's row as bars, the softmax step made visible: raw scores above a zero line, and the
 * weights they become below (scaled to the row's largest weight; they sum to 1). Legend: T keys; i the query.
 */
final class RowChart extends Region {
    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private String title = "";
    private float[] scores, weights;         // (T) the row shown
    private boolean[] masked;                // (T)
    private String[] labels = new String[0]; // (T)
    private int key = -1;
    private double widest = -1;
    private Font widestFont;

    RowChart() {
        getStyleClass().add("row-chart");
        getChildren().addAll(colors, canvas);
        colors.onChange(this::draw);
        setMinHeight(90);
    }

    /** Query i's own row of the head. */
    void show(HeadMatrices m, String[] labels, int i, int key) {
        int T = m.T();
        float[] s = java.util.Arrays.copyOfRange(m.scores(), i * T, (i + 1) * T);
        float[] w = java.util.Arrays.copyOfRange(m.weights(), i * T, (i + 1) * T);
        boolean[] mk = new boolean[T];
        for (int j = 0; j < T; j++) mk[j] = m.masked(i, j);
        show("Row of query “" + labels[i] + "” (" + i + ")", s, w, mk, labels, key);
    }

    /** The mean row of several queries. */
    void show(MeanRow r, String[] labels, int key) {
        show("Mean row of " + r.rows().size() + " queries " + r.rows(), r.scores(), r.weights(), r.masked(), labels,
                key);
    }

    void clear() {
        scores = null;
        draw();
    }

    private void show(String title, float[] scores, float[] weights, boolean[] masked, String[] labels, int key) {
        if (labels != this.labels) widest = -1;
        this.title = title;
        this.scores = scores;
        this.weights = weights;
        this.masked = masked;
        this.labels = labels;
        this.key = key;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    /** Measured once per text and font: hovering redraws this chart on every move. */
    private double widestLabel(Font f) {
        if (widest >= 0 && f.equals(widestFont)) return widest;
        Text probe = new Text();
        probe.setFont(f);
        double w = 0;
        for (String l : labels) {
            probe.setText(LabelThinning.fit(l, 10));
            w = Math.max(w, probe.getLayoutBounds().getWidth());
        }
        widestFont = f;
        return widest = w;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (scores == null) return;
        int T = scores.length;
        Font f = Font.font(colors.font().getFamily(), colors.font().getSize() * 0.9);
        double line = f.getSize() * 1.3;
        double maxAbs = 1e-9, maxW = 1e-9;
        for (int j = 0; j < T; j++) {
            if (masked[j]) continue;
            maxAbs = Math.max(maxAbs, Math.abs(scores[j]));
            maxW = Math.max(maxW, weights[j]);
        }
        ValueScale rowScale = ValueScale.diverging(maxAbs);
        String scoreAxis = "score ±" + Numbers.compact(maxAbs), weightAxis = "weight ≤" + Numbers.compact(maxW);
        Text axisProbe = new Text(scoreAxis.length() > weightAxis.length() ? scoreAxis : weightAxis);
        axisProbe.setFont(f);
        double left = axisProbe.getLayoutBounds().getWidth() + 12, top = line + 4, bottom = line + 4;
        double band = (h - top - bottom - 6) / 2, plotW = w - left - 8, cell = plotW / T;
        if (band < 10 || cell <= 0) return;
        Color text = colors.get(CanvasColors.Role.TEXT), muted = colors.get(CanvasColors.Role.MUTED);
        g.setFont(f);
        g.setFill(text);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(title + ": scores q·k/√Dh, then softmax → weights (the row sums to 1)", 0, 0);
        double zero = top + band / 2, wBase = top + band + 6 + band;
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(muted);
        g.fillText(scoreAxis, left - 6, zero);
        g.fillText(weightAxis, left - 6, wBase - band / 2);
        g.setStroke(muted);
        g.setLineWidth(1);
        g.strokeLine(left, zero, left + plotW, zero);
        g.strokeLine(left, wBase, left + plotW, wBase);
        double gap = cell > 6 ? 2 : 0;
        Color accent = colors.get(CanvasColors.Role.ACCENT);
        for (int j = 0; j < T; j++) {
            double x = left + j * cell;
            if (j == key) {
                g.setFill(accent.deriveColor(0, 1, 1, 0.15));
                g.fillRect(x, top, cell, 2 * band + 6);
            }
            if (masked[j]) {
                g.setFill(muted.deriveColor(0, 1, 1, 0.3));
                g.fillRect(x + gap / 2, top, cell - gap, 2 * band + 6);
                continue;
            }
            float s = scores[j], a = weights[j];
            int c = rowScale.argb(s);
            g.setFill(CanvasColors.of(c));
            double sh = Math.abs(s) / maxAbs * (band / 2);
            g.fillRect(x + gap / 2, s >= 0 ? zero - sh : zero, Math.max(1, cell - gap), Math.max(1, sh));
            g.setFill(accent);
            double wh = a / maxW * band;
            g.fillRect(x + gap / 2, wBase - wh, Math.max(1, cell - gap), Math.max(a > 0 ? 1 : 0, wh));
        }
        double widest = widestLabel(f);
        int stride = LabelThinning.stride(cell, widest + 6);
        g.setFill(text);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (int j = 0; j < T; j += stride)
            g.fillText(LabelThinning.fit(labels[j], 10), left + (j + 0.5) * cell, wBase + 3);
        if (cell >= widest + 6 && cell >= f.getSize() * 3) { // room for the numbers themselves
            g.setFill(muted);
            g.setTextBaseline(VPos.BOTTOM);
            for (int j = 0; j < T; j++)
                if (!masked[j]) g.fillText(Numbers.compact(weights[j]), left + (j + 0.5) * cell,
                        wBase - weights[j] / maxW * band - 1);
        }
    }
}
