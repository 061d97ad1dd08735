package org.attentionlens.ui.head;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.attentionlens.analysis.RelativeDistance;
import org.attentionlens.ui.common.CanvasChart;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;

import java.util.Locale;

/**
 * The head's mean weight (above) and mean score (below) by relative distance d = i − j, on a log axis of d with d = 0
 * (a token on itself) in its own slot at the left: a previous-token head is a spike at 1, a local head a slope within
 * a few tokens, a long-range head keeps weight far right. Keys after the query (encoders) are dashed. A windowed
 * layer's window is a vertical line. Hover for the numbers. Legend: T tokens; d distance.
 */
final class DistanceChart extends CanvasChart {
    private static final double SELF_SLOT = 26, PAD = 6;

    private final Tooltip tip = new Tooltip();
    private RelativeDistance profile;
    private int window;
    private double left, right, plotTop, split, bottom; // geometry of the last draw

    DistanceChart() {
        getStyleClass().add("distance-chart");
        setId("distance-chart");
        setMinSize(220, 90);
        setPrefWidth(380);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> tip.setText(describe(distanceAt(e.getX()))));
    }

    /** Shows a head's profile; window = the layer's sliding window (0 for none); null clears. */
    void show(RelativeDistance r, int window) {
        profile = r;
        this.window = window;
        redraw();
    }

    /** What hovering distance d says (tests read it). */
    String describe(int d) {
        RelativeDistance r = profile;
        if (r == null || d < 0) return "Mean weight and mean score of the cells at each distance i − j (log axis).";
        String s = String.format(Locale.ROOT, "i − j = %d: mean weight %s, mean score %s over %d cells", d,
                Numbers.compact(r.meanWeight(d)), Numbers.compact(r.meanScore(d)), r.count(d));
        if (d > 0 && r.count(-d) > 0)
            s += String.format(Locale.ROOT, "%nkeys %d after the query: mean weight %s", d, Numbers.compact(r.meanWeight(-d)));
        return s;
    }

    private int distanceAt(double x) {
        RelativeDistance r = profile;
        if (r == null || x < left) return -1;
        if (x < left + SELF_SLOT) return 0;
        double t = (x - left - SELF_SLOT) / Math.max(1, right - left - SELF_SLOT);
        int d = (int) Math.round(Math.pow(10, t * Math.log10(Math.max(1, r.T() - 1))));
        return Math.max(1, Math.min(r.T() - 1, d));
    }

    /** The x of distance d: its slot for 0, else log-spaced over 1 … T − 1. */
    private double x(int d) {
        if (d == 0) return left + SELF_SLOT / 2;
        double span = Math.log10(Math.max(2, profile.T() - 1));
        return left + SELF_SLOT + Math.log10(d) / span * (right - left - SELF_SLOT);
    }

    @Override
    protected void paint(GraphicsContext g, double W, double H) {
        RelativeDistance r = profile;
        if (r == null || r.T() < 2) return;
        Font font = colors.font(), small = Font.font(font.getFamily(), font.getSize() * 0.8);
        Color text = colors.get(CanvasColors.Role.TEXT), muted = colors.get(CanvasColors.Role.MUTED);
        left = font.getSize() * 3.2;
        right = W - PAD;
        plotTop = font.getSize() * 1.5;
        bottom = H - font.getSize() * 1.4;
        split = plotTop + (bottom - plotTop) * 0.6;
        g.setFont(small);
        g.setFill(text);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("By distance i − j (log axis)" + (r.looksAhead() ? " · dashed: keys after the query" : ""), left, 1,
                right - left);
        int T = r.T();
        double maxW = 1e-12, minS = Double.MAX_VALUE, maxS = -Double.MAX_VALUE;
        for (int d = -(T - 1); d < T; d++) {
            if (r.count(d) == 0) continue;
            maxW = Math.max(maxW, r.meanWeight(d));
            minS = Math.min(minS, r.meanScore(d));
            maxS = Math.max(maxS, r.meanScore(d));
        }
        if (maxS - minS < 1e-12) maxS = minS + 1;
        Color accent = colors.get(CanvasColors.Role.ACCENT);
        series(g, r, 1, true, plotTop, split - 4, 0, maxW, accent);
        series(g, r, -1, true, plotTop, split - 4, 0, maxW, accent);
        series(g, r, 1, false, split + 4, bottom, minS, maxS, text);
        series(g, r, -1, false, split + 4, bottom, minS, maxS, text);
        g.setStroke(muted);
        g.setLineWidth(1);
        g.strokeLine(left, split - 4, right, split - 4);
        g.strokeLine(left, bottom, right, bottom);
        g.strokeLine(left + SELF_SLOT, plotTop, left + SELF_SLOT, bottom);
        if (window > 0 && window < T) {
            double xw = x(window);
            g.setStroke(colors.get(CanvasColors.Role.WINDOW));
            g.setLineDashes(4, 3);
            g.strokeLine(xw, plotTop, xw, bottom);
            g.setLineDashes();
            g.setFill(colors.get(CanvasColors.Role.WINDOW));
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText("window " + window, xw - 2, plotTop, xw - left);
        }
        g.setFill(muted);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText("α " + Numbers.compact(maxW), left - 3, plotTop + 4, left - 4);
        g.fillText("s " + Numbers.compact(maxS), left - 3, split + 8, left - 4);
        g.fillText(Numbers.compact(minS), left - 3, bottom - 4, left - 4);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        g.fillText("0", x(0), bottom + 2);
        for (int d = 1; d < T; d *= 10) g.fillText(Integer.toString(d), x(d), bottom + 2);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(Integer.toString(T - 1), right, bottom + 2);
    }

    /** One curve: mean weight or score at each distance on one side (sign +1: keys before, −1: after), d = 0 a dot. */
    private void series(GraphicsContext g, RelativeDistance r, int sign, boolean weights, double top, double bottom,
                        double lo, double hi, Color c) {
        int T = r.T();
        g.setStroke(c);
        g.setFill(c);
        g.setLineWidth(1.5);
        if (sign < 0) g.setLineDashes(4, 3);
        boolean open = false;
        g.beginPath();
        for (int d = 0; d < T; d++) {
            int at = sign * d;
            if (r.count(at) == 0) {
                open = false;
                continue;
            }
            double v = weights ? r.meanWeight(at) : r.meanScore(at);
            double y = bottom - (v - lo) / (hi - lo) * (bottom - top);
            if (d == 0) {
                if (sign > 0) g.fillOval(x(0) - 3, y - 3, 6, 6);
                continue;
            }
            if (open) g.lineTo(x(d), y);
            else g.moveTo(x(d), y);
            open = true;
        }
        g.stroke();
        g.setLineDashes();
    }
}
