package org.attentionlens.ui.lecture;

import org.attentionlens.ui.common.Numbers;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * A vector as one strip of coloured cells, any length (768 is fine): hover shows a cell's index and number.
 * An optional range [from, to) is framed, e.g. one head's slice of the concatenated heads.
 */
final class VectorStrip extends Region {
    private final String name;
    private final float[] values; // (n)
    private final int from, to;
    private final int segment;
    private final double scale;
    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();

    /**
     * @param segment draw a separator every {@code segment} cells (0 for none), e.g. between heads
     */
    VectorStrip(String name, float[] values, int from, int to, int segment) {
        this.name = name;
        this.values = values.clone();
        this.from = from;
        this.to = to;
        this.segment = segment;
        double s = 0;
        for (float v : values) s = Math.max(s, Math.abs(v));
        this.scale = s;
        getStyleClass().add("strip");
        setId("strip-" + name);
        getChildren().add(canvas);
        setPrefHeight(44);
        setMinHeight(44);
        setPrefWidth(Math.min(480, Math.max(240, values.length * 14)));
        setMinWidth(120);
        tip.setShowDelay(Duration.millis(80));
        tip.getStyleClass().add("strip-tip");
        Tooltip.install(this, tip);
        setOnMouseMoved(e -> {
            int d = cellAt(e.getX());
            if (d >= 0) tip.setText(name + "[" + d + "] = " + Numbers.slide(values[d]));
        });
    }

    VectorStrip(String name, float[] values) {
        this(name, values, -1, -1, 0);
    }

    /** The cell under x, or -1. */
    int cellAt(double x) {
        if (values.length == 0 || getWidth() <= 0) return -1;
        int d = (int) (x / getWidth() * values.length);
        return d < 0 || d >= values.length ? -1 : d;
    }

    String name() {
        return name;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        int n = values.length;
        double cw = w / n;
        for (int d = 0; d < n; d++) {
            g.setFill(ProjectorColours.signed(values[d], scale));
            g.fillRect(d * cw, 4, Math.ceil(cw), h - 8);
        }
        g.setStroke(Color.gray(0.35));
        g.setLineWidth(1);
        if (segment > 0)
            for (int d = segment; d < n; d += segment) g.strokeLine(d * cw, 0, d * cw, h);
        g.strokeRect(0.5, 4.5, w - 1, h - 9);
        if (from >= 0 && to > from) {
            g.setStroke(Color.BLACK);
            g.setLineWidth(4);
            g.strokeRect(from * cw + 2, 2, (to - from) * cw - 4, h - 4);
        }
    }
}
