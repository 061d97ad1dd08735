package org.attentionlens.ui.decode;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.CanvasChart;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Every key/value head's cache in the shown layer, side by side: what the model actually keeps. Under grouped-query
 * attention there are Hkv of them, fewer than the query heads, and each names the query heads that read it; the one
 * the shown head reads is outlined. Each is its K rows (left) and V rows (right), positions downwards. Click one to
 * show its first reader. Legend: Hkv key/value heads, P positions, Dh head width.
 */
final class KvHeadsStrip extends CanvasChart {
    private static final double MAX_W = 120, GAP = 8;

    private final Tooltip tip = new Tooltip();
    private DecodeFrame frame;
    private WritableImage[] keys = new WritableImage[0], values = new WritableImage[0]; // (Hkv) each (P, Dh)
    private IntConsumer onPick = g -> {
    };
    private double cellW; // geometry of the last draw

    KvHeadsStrip() {
        getStyleClass().add("kv-heads-strip");
        setId("kv-heads-strip");
        setMinHeight(70);
        setPrefHeight(96);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> tip.setText(describe(groupAt(e.getX()))));
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int g = groupAt(e.getX());
            if (g >= 0) onPick.accept(g);
        });
    }

    /** Called with a key/value head when one is clicked. */
    void setOnPick(IntConsumer pick) {
        onPick = pick;
    }

    void show(DecodeFrame f) {
        frame = f;
        List<KvSnapshot> caches = f == null ? List.of() : f.caches();
        keys = new WritableImage[caches.size()];
        values = new WritableImage[caches.size()];
        for (int g = 0; g < caches.size(); g++) {
            KvSnapshot s = caches.get(g);
            keys[g] = image(s.keys(), s.positions(), s.dHead());
            values[g] = image(s.values(), s.positions(), s.dHead());
        }
        redraw();
    }

    /** What the strip says about key/value head g (tests read it). */
    String describe(int g) {
        DecodeFrame f = frame;
        if (f == null) return "";
        ModelSpec c = f.spec();
        if (g < 0) return "The cache keeps " + c.kvHeads() + " K/V heads per layer"
                + (c.kvHeads() < c.heads() ? ", not one per query head (" + c.heads() + ")" : "") + ". Click one to show it.";
        KvSnapshot s = f.caches().get(g);
        return "KV head " + g + " of layer " + f.layer() + ": K and V of " + s.positions() + " positions × " + s.dHead()
                + ", read by query " + AttentionText.queryHeads(c, g);
    }

    private int groupAt(double x) {
        if (frame == null || cellW <= 0) return -1;
        int g = (int) Math.floor(x / (cellW + GAP));
        return g >= 0 && g < keys.length && x - g * (cellW + GAP) <= cellW ? g : -1;
    }

    @Override
    protected void paint(GraphicsContext g, double W, double H) {
        DecodeFrame f = frame;
        int n = keys.length;
        if (f == null || n == 0) return;
        ModelSpec c = f.spec();
        Font font = colors.font(), small = Font.font(font.getFamily(), font.getSize() * 0.8),
                bold = Font.font(font.getFamily(), FontWeight.BOLD, font.getSize() * 0.85);
        cellW = Math.min(MAX_W, (W - GAP * (n - 1)) / n);
        double labelH = font.getSize() * (n == c.heads() ? 1.3 : 2.4), imgH = Math.max(10, H - labelH - 4);
        Color text = colors.get(CanvasColors.Role.TEXT), muted = colors.get(CanvasColors.Role.MUTED),
                accent = colors.get(CanvasColors.Role.ACCENT);
        g.setImageSmoothing(false);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        for (int k = 0; k < n; k++) {
            double x = k * (cellW + GAP);
            boolean read = k == f.kvHead();
            g.setFont(bold);
            g.setFill(read ? accent : text);
            g.fillText("KV " + k, x + 2, 0, cellW - 4);
            if (n < c.heads()) {
                g.setFont(small);
                g.setFill(muted);
                g.fillText(AttentionText.queryHeads(c, k), x + 2, font.getSize() * 1.15, cellW - 4);
            }
            double half = (cellW - 2) / 2;
            g.drawImage(keys[k], x, labelH, half, imgH);
            g.drawImage(values[k], x + half + 2, labelH, half, imgH);
            g.setStroke(read ? accent : muted);
            g.setLineWidth(read ? 2.5 : 1);
            g.strokeRect(x, labelH, cellW, imgH);
        }
    }

    /** Rows (P, Dh) on a scale symmetric about 0. */
    private static WritableImage image(float[] m, int rows, int cols) {
        ValueScale scale = ValueScale.diverging(Math.max(1e-12, MatrixRaster.maxAbs(m)));
        int[] argb = new int[rows * cols]; // (rows, cols)
        for (int x = 0; x < argb.length; x++) argb[x] = scale.argb(m[x]);
        return MatrixRaster.toImage(argb, cols, Math.max(1, rows));
    }
}
