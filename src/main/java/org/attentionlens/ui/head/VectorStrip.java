package org.attentionlens.ui.head;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ValueScale;

/** A vector as a strip of coloured cells (blue negative, white 0, orange positive); hover names a cell. */
final class VectorStrip extends Region {
    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final Tooltip tip = new Tooltip();
    private float[] values = new float[0]; // (Dh)
    private ValueScale scale = ValueScale.diverging(1);

    VectorStrip() {
        getStyleClass().add("vector-strip");
        getChildren().addAll(colors, canvas);
        colors.onChange(this::draw);
        setMinHeight(20);
        setPrefHeight(22);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int n = values.length;
            if (n == 0) return;
            int d = Math.min(n - 1, (int) (e.getX() / (getWidth() / n)));
            tip.setText("dimension " + d + ": " + Numbers.exact(values[d]));
        });
    }

    /** Shows values coloured on a scale symmetric about 0 reaching maxAbs. */
    void set(float[] values, double maxAbs) {
        this.values = values;
        this.scale = ValueScale.diverging(maxAbs);
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        int n = values.length;
        if (n == 0) return;
        double cw = w / n;
        for (int d = 0; d < n; d++) {
            int c = scale.argb(values[d]);
            g.setFill(CanvasColors.of(c));
            g.fillRect(d * cw, 0, cw + 0.5, h);
        }
        g.setStroke(colors.get(CanvasColors.Role.MUTED));
        g.strokeRect(0.5, 0.5, w - 1, h - 1);
    }

    /** "64 dims, −0.31 … 0.42, norm 1.20": a vector in one line. */
    static String range(float[] v) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sq = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sq += (double) x * x;
        }
        return v.length + " dims, " + Numbers.compact(min) + " … " + Numbers.compact(max) + ", norm "
                + Numbers.compact(Math.sqrt(sq));
    }

    static double maxAbs(float[]... vectors) {
        double m = 0;
        for (float[] v : vectors) for (float x : v) m = Math.max(m, Math.abs(x));
        return m;
    }
}
