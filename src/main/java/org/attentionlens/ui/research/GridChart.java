package org.attentionlens.ui.research;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.attentionlens.ui.common.CanvasChart;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.LabelThinning;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.function.BiConsumer;

/**
 * A labelled grid of numbers, rows × columns (layers × heads, layers × positions, heads × heads), each cell coloured
 * on a scale with its legend, optionally a short text in each cell (a token), a mark per column (where something
 * starts to hold), hover text and click. NaN cells are grey. Drawn on one canvas in the theme's colours.
 * Legend: R rows, C columns.
 */
final class GridChart extends CanvasChart {
    /**
     * What to draw.
     *
     * @param values      (R)(C) numbers, NaN where there is none
     * @param rows        (R) row labels
     * @param columns     (C) column labels
     * @param tokens      whether column labels are tokens (drawn upright, thinned) rather than short names
     * @param scale       the colour scale
     * @param text        (R)(C) short text drawn in a cell when it fits, or null
     * @param marks       (C) per column a row whose top edge is drawn in the accent colour, −1 for none; or null
     * @param hover       what the tooltip says about cell (r, c)
     * @param legend      what the scale measures
     */
    record Data(double[][] values, String[] rows, String[] columns, boolean tokens, ValueScale scale, String[][] text,
                int[] marks, Hover hover, String legend) {
    }

    @FunctionalInterface
    interface Hover {
        String at(int row, int column);
    }

    private final Tooltip tip = new Tooltip();
    private Data data;
    private String hint = "";
    private int selRow = -1, selCol = -1;
    private BiConsumer<Integer, Integer> onClick = (r, c) -> {
    };
    private double x0, y0, cw, ch;

    GridChart() {
        getStyleClass().add("grid-chart");
        tip.setShowDelay(Duration.millis(150));
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int[] rc = cellAt(e.getX(), e.getY());
            tip.setText(rc == null ? "" : data.hover().at(rc[0], rc[1]));
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int[] rc = cellAt(e.getX(), e.getY());
            if (rc != null) onClick.accept(rc[0], rc[1]);
        });
        setMinSize(160, 100);
        setPrefSize(480, 300);
    }

    void show(Data d) {
        data = d;
        hint = "";
        redraw();
    }

    /** No numbers: a line saying why. */
    void showHint(String text) {
        data = null;
        hint = text;
        redraw();
    }

    /** Outlines one cell (−1: none). */
    void select(int row, int column) {
        selRow = row;
        selCol = column;
        redraw();
    }

    void setOnCell(BiConsumer<Integer, Integer> onClick) {
        this.onClick = onClick;
    }

    /** The numbers drawn (tests). */
    Data data() {
        return data;
    }

    /** The cell under (x, y), or null. */
    int[] cellAt(double x, double y) {
        if (data == null || cw <= 0 || ch <= 0) return null;
        int c = (int) Math.floor((x - x0) / cw), r = (int) Math.floor((y - y0) / ch);
        return r >= 0 && r < data.values().length && c >= 0 && c < data.values()[0].length ? new int[]{r, c} : null;
    }

    @Override
    protected void paint(GraphicsContext g, double W, double H) {
        Font font = colors.font();
        double fs = font.getSize();
        Font small = Font.font(font.getFamily(), fs * 0.78);
        g.setFont(font);
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        if (data == null || data.values().length == 0) {
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.fillText(hint, 6, 6, Math.max(10, W - 12));
            cw = ch = 0;
            return;
        }
        int R = data.values().length, C = data.values()[0].length;
        double rowLabel = 0;
        for (String s : data.rows()) rowLabel = Math.max(rowLabel, width(s, font));
        int maxChars = data.tokens() ? 12 : 8;
        double colLabel = 0;
        for (String s : data.columns()) colLabel = Math.max(colLabel, width(LabelThinning.fit(s, maxChars), font));
        double bottom = (data.tokens() ? colLabel : fs * 1.4) + fs * 3.2; // labels, then the legend
        x0 = rowLabel + 8;
        y0 = 4;
        cw = Math.min(fs * 14, (W - x0 - 6) / C);
        ch = Math.min(fs * 3, (H - y0 - bottom) / R);
        if (cw <= 0 || ch <= 0) return;
        for (int r = 0; r < R; r++)
            for (int c = 0; c < C; c++) {
                double v = data.values()[r][c];
                int argb = Double.isNaN(v) ? MatrixRaster.MASKED_ARGB : data.scale().argb(v);
                g.setFill(CanvasColors.of(argb));
                g.fillRect(x0 + c * cw, y0 + r * ch, Math.max(1, cw - (cw > 6 ? 1 : 0)), Math.max(1, ch - (ch > 6 ? 1 : 0)));
                String t = data.text() == null ? null : data.text()[r][c];
                if (t == null || t.isEmpty() || ch < fs * 1.1) continue;
                Font f = width(t, font) <= cw - 4 ? font : width(t, small) <= cw - 2 ? small : null; // smaller before none
                if (f == null) continue;
                g.setFont(f);
                g.setFill(dark(argb) ? Color.WHITE : Color.BLACK);
                g.setTextAlign(TextAlignment.CENTER);
                g.setTextBaseline(VPos.CENTER);
                g.fillText(t, x0 + (c + 0.5) * cw, y0 + (r + 0.5) * ch);
                g.setFont(font);
            }
        if (data.marks() != null) {
            g.setStroke(colors.get(CanvasColors.Role.ACCENT));
            g.setLineWidth(3);
            for (int c = 0; c < C; c++)
                if (data.marks()[c] >= 0) g.strokeLine(x0 + c * cw + 1, y0 + data.marks()[c] * ch, x0 + (c + 1) * cw - 2, y0 + data.marks()[c] * ch);
        }
        if (selRow >= 0 && selRow < R && selCol >= 0 && selCol < C) {
            g.setStroke(colors.get(CanvasColors.Role.TEXT));
            g.setLineWidth(2);
            g.strokeRect(x0 + selCol * cw - 1, y0 + selRow * ch - 1, cw + 1, ch + 1);
        }
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        int rowStride = LabelThinning.stride(ch, fs * 1.2);
        for (int r = 0; r < R; r += rowStride) g.fillText(data.rows()[r], x0 - 4, y0 + (r + 0.5) * ch);
        double yLabels = y0 + R * ch + 3;
        if (data.tokens()) { // upright: each label reads bottom to top under its column
            int stride = LabelThinning.stride(cw, fs * 1.25);
            g.setTextAlign(TextAlignment.RIGHT);
            for (int c = 0; c < C; c += stride) {
                g.save();
                g.translate(x0 + (c + 0.5) * cw, yLabels);
                g.rotate(-90);
                g.fillText(LabelThinning.fit(data.columns()[c], maxChars), 0, 0);
                g.restore();
            }
        } else {
            int stride = LabelThinning.stride(cw, colLabel + fs * 0.6);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.TOP);
            for (int c = 0; c < C; c += stride) g.fillText(data.columns()[c], x0 + (c + 0.5) * cw, yLabels);
        }
        legend(g, x0, yLabels + (data.tokens() ? colLabel : fs * 1.4) + 4, Math.min(W - x0 - 6, 320), fs);
    }

    /** A colour bar with its two ends (and 0 for a diverging scale) and what it measures. */
    private void legend(GraphicsContext g, double x, double y, double w, double fs) {
        ValueScale s = data.scale();
        double barH = fs * 0.8;
        for (int i = 0; i < w; i++) {
            g.setFill(CanvasColors.of(s.map().argb(i / Math.max(1, w - 1))));
            g.fillRect(x + i, y, 1.5, barH);
        }
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(Numbers.compact(s.valueAt(0)), x, y + barH + 1);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Numbers.compact(s.valueAt(1)), x + w, y + barH + 1);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(data.legend(), x + w + 10, y - 1);
    }

    private static double width(String s, Font f) {
        Text t = new Text(s);
        t.setFont(f);
        return t.getLayoutBounds().getWidth();
    }

    /** Whether white text reads better than black on this colour. */
    private static boolean dark(int argb) {
        double r = (argb >> 16 & 0xff) / 255.0, gr = (argb >> 8 & 0xff) / 255.0, b = (argb & 0xff) / 255.0;
        return 0.2126 * r + 0.7152 * gr + 0.0722 * b < 0.45;
    }
}
