package org.attentionlens.ui.common;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;

/**
 * One rotary score as a bar per frequency pair, fastest left: each bar is what the pair adds to the score after its
 * turn by (i − j)·ω, the outline what it would add at distance 0, so one sees whether a match comes from the fast
 * (positional) or the slow (content) pairs. Pairs that turn at least once over the text sit on a tinted band. Under
 * the bars, each pair's frequency on a log scale: the scaled one filled, the base one hollow where a scaling (llama3,
 * yarn, linear, longrope) moved it. Hover a bar for its numbers. Legend: P pairs, p a pair.
 */
public final class RopeBars extends CanvasChart {
    private static final double FREQUENCY_ROW = 34, AXIS = 16;

    private final Tooltip tip = new Tooltip();
    private RopeDecomposition rope;
    private int texts; // T: tokens of the text, for the tinted band
    private int hovered = -1;

    public RopeBars() {
        getStyleClass().add("rope-bars");
        setMinHeight(120);
        setPrefHeight(170);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(pairAt(e.getX())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
    }

    /** Shows a decomposition for a text of T tokens; null clears. */
    public void show(RopeDecomposition r, int T) {
        rope = r;
        texts = T;
        hovered = -1;
        redraw();
    }

    /** What the tooltip says about pair p (also used by tests). */
    public String describe(int p) {
        RopeDecomposition r = rope;
        if (r == null || p < 0 || p >= r.pairCount()) return "";
        boolean scaled = r.frequencies()[p] != r.baseFrequency(p);
        return String.format(Locale.ROOT, "pair %d: dimensions %d and %d%nω = %s%s, wavelength %s tokens%n"
                        + "angles i·ω = %s, j·ω = %s; (i − j)·ω = %s rad%nadds %s to the score (at distance 0: %s)", p,
                RopeDecomposition.first(r.rope(), p), RopeDecomposition.second(r.rope(), p),
                Numbers.compact(r.frequencies()[p]), scaled ? " (base " + Numbers.compact(r.baseFrequency(p)) + ")" : "",
                Numbers.compact(r.wavelength(p)), Numbers.compact(r.queryAngles()[p]), Numbers.compact(r.keyAngles()[p]),
                Numbers.compact(r.relativeAngle(p)), Numbers.exact(r.pairs()[p]), Numbers.exact(r.aligned()[p]));
    }

    private void hover(int p) {
        hovered = p;
        tip.setText(p < 0 ? "Each bar: one frequency pair's share of the score (outline: at distance 0)" : describe(p));
        redraw();
    }

    private int pairAt(double x) {
        if (rope == null) return -1;
        int P = rope.pairCount();
        int p = (int) Math.floor(x / (canvas.getWidth() / P));
        return p >= 0 && p < P ? p : -1;
    }

    @Override
    protected void paint(GraphicsContext g, double W, double H) {
        RopeDecomposition r = rope;
        if (r == null || W <= 0) return;
        int P = r.pairCount();
        double bw = W / P, top = 2, barH = Math.max(20, H - FREQUENCY_ROW - AXIS - top);
        double max = 1e-12;
        for (int p = 0; p < P; p++) max = Math.max(max, Math.max(Math.abs(r.pairs()[p]), Math.abs(r.aligned()[p])));
        double zero = top + barH / 2, unit = barH / 2 / max;
        Color muted = colors.get(CanvasColors.Role.MUTED), text = colors.get(CanvasColors.Role.TEXT);
        // the pairs that turn at least once over the text: their terms place keys by position
        g.setFill(colors.get(CanvasColors.Role.HOVER).deriveColor(0, 1, 1, 0.07));
        int fast = 0;
        while (fast < P && r.wavelength(fast) < texts) fast++;
        g.fillRect(0, top, fast * bw, barH);
        ValueScale colour = ValueScale.diverging(max);
        for (int p = 0; p < P; p++) {
            double v = r.pairs()[p], a = r.aligned()[p], x = p * bw;
            g.setFill(CanvasColors.of(colour.argb(v >= 0 ? max : -max)));
            g.fillRect(x + bw * 0.12, Math.min(zero, zero - v * unit), bw * 0.76, Math.max(1, Math.abs(v) * unit));
            g.setStroke(muted);
            g.setLineWidth(1);
            g.strokeRect(x + bw * 0.12, Math.min(zero, zero - a * unit), bw * 0.76, Math.max(1, Math.abs(a) * unit));
            if (p == hovered) {
                g.setStroke(colors.get(CanvasColors.Role.ACCENT));
                g.setLineWidth(2);
                g.strokeRect(x + 1, top, bw - 2, barH + FREQUENCY_ROW);
            }
        }
        g.setStroke(text);
        g.setLineWidth(1);
        g.strokeLine(0, zero, W, zero);
        frequencies(g, r, bw, top + barH + 4);
        Font small = Font.font(colors.font().getFamily(), colors.font().getSize() * 0.8);
        g.setFont(small);
        g.setFill(muted);
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("fast · " + Numbers.compact(r.wavelength(0)) + " tok", 2, H - 1, W / 2 - 4);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Numbers.compact(r.wavelength(P - 1)) + " tok · slow", W - 2, H - 1, W / 2 - 4);
        g.setTextBaseline(VPos.TOP);
        g.fillText("±" + Numbers.compact(max), W - 2, top, W / 3);
    }

    /** Each pair's ω on a log scale: filled the frequency the pass used, hollow the base one where scaling moved it. */
    private void frequencies(GraphicsContext g, RopeDecomposition r, double bw, double y0) {
        int P = r.pairCount();
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int p = 0; p < P; p++)
            for (double w : new double[]{r.frequencies()[p], r.baseFrequency(p)}) {
                lo = Math.min(lo, Math.log10(w));
                hi = Math.max(hi, Math.log10(w));
            }
        double h = FREQUENCY_ROW - 8, span = Math.max(1e-9, hi - lo), d = Math.max(3, Math.min(7, bw * 0.6));
        Color text = colors.get(CanvasColors.Role.TEXT), accent = colors.get(CanvasColors.Role.ACCENT);
        for (int p = 0; p < P; p++) {
            double cx = (p + 0.5) * bw;
            double ys = y0 + h - (Math.log10(r.frequencies()[p]) - lo) / span * h;
            if (r.frequencies()[p] != r.baseFrequency(p)) {
                double yb = y0 + h - (Math.log10(r.baseFrequency(p)) - lo) / span * h;
                g.setStroke(accent);
                g.setLineWidth(1);
                g.strokeLine(cx, yb, cx, ys);
                g.strokeOval(cx - d / 2, yb - d / 2, d, d);
            }
            g.setFill(text);
            g.fillOval(cx - d / 2, ys - d / 2, d, d);
        }
    }
}
