package org.attentionlens.ui.common;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;

/**
 * A chart drawn on one canvas that fills the region: it is cleared and painted again when the region is laid out at
 * a new size, when the theme's colours change, and when a subclass calls {@link #redraw()} after new data.
 */
public abstract class CanvasChart extends Region {
    protected final Canvas canvas = new Canvas();
    protected final CanvasColors colors = new CanvasColors();

    protected CanvasChart() {
        getChildren().addAll(colors, canvas);
        colors.onChange(this::redraw);
    }

    /** Paints the whole chart on a cleared canvas of W × H pixels. */
    protected abstract void paint(GraphicsContext g, double W, double H);

    protected final void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double W = canvas.getWidth(), H = canvas.getHeight();
        g.clearRect(0, 0, W, H);
        paint(g, W, H);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }
}
