package org.attentionlens.ui.heads;

import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.text.TextAlignment;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ValueScale;

/**
 * One number per head as a layers × heads grid of coloured cells (sequential scale from 0 to the largest),
 * one head outlined. Used for the mean |Δα| an ablation causes in every head. Legend: L layers, H heads.
 */
final class HeadGridView extends Region {
    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final Tooltip tip = new Tooltip();
    private double[][] values = new double[0][]; // (L)(H)
    private int markLayer = -1, markHead = -1;
    private String what = "";
    private double x0, y0, cell;

    HeadGridView() {
        getChildren().addAll(colors, canvas);
        colors.onChange(this::draw);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int h = (int) Math.floor((e.getX() - x0) / cell), l = (int) Math.floor((e.getY() - y0) / cell);
            tip.setText(l >= 0 && l < values.length && h >= 0 && h < values[l].length
                    ? "head " + l + "." + h + ": " + what + " " + Numbers.compact(values[l][h]) : "");
        });
        setMinSize(120, 80);
        setPrefSize(320, 220);
    }

    void show(double[][] values, int markLayer, int markHead, String what) {
        this.values = values;
        this.markLayer = markLayer;
        this.markHead = markHead;
        this.what = what;
        draw();
    }

    double value(int layer, int head) {
        return values[layer][head];
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double W = canvas.getWidth(), Hgt = canvas.getHeight();
        g.clearRect(0, 0, W, Hgt);
        int L = values.length;
        if (L == 0) return;
        int H = values[0].length;
        double fs = colors.font().getSize();
        x0 = fs * 2.6;
        y0 = fs * 1.6;
        cell = Math.max(4, Math.min((W - x0 - 4) / H, (Hgt - y0 - fs * 1.6) / L));
        double max = 0;
        for (double[] row : values) for (double v : row) max = Math.max(max, v);
        ValueScale scale = ValueScale.sequential(max);
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++) {
                int c = scale.argb(values[l][h]);
                g.setFill(CanvasColors.of(c));
                g.fillRect(x0 + h * cell, y0 + l * cell, cell - 1, cell - 1);
            }
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        g.setFont(colors.font());
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int l = 0; l < L; l++) g.fillText("L" + l, x0 - 4, y0 + (l + 0.5) * cell);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        int step = cell < fs * 1.6 ? (int) Math.ceil(fs * 1.6 / cell) : 1;
        for (int h = 0; h < H; h += step) g.fillText("H" + h, x0 + (h + 0.5) * cell, y0 - 2);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText("0 ⟶ " + Numbers.compact(max) + "  (dark ⟶ yellow)", x0, y0 + L * cell + 3);
        if (markLayer >= 0) {
            g.setStroke(colors.get(CanvasColors.Role.ACCENT));
            g.setLineWidth(2.5);
            g.strokeRect(x0 + markHead * cell - 1, y0 + markLayer * cell - 1, cell + 1, cell + 1);
        }
    }
}
