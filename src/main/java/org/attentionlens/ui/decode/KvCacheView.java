package org.attentionlens.ui.decode;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.attentionlens.model.AttentionMask;
import org.attentionlens.model.HeadStep;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.LabelThinning;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;

/**
 * One head's KV cache at one decode step, every cached position on one row so the arithmetic lines up:
 * position and token | k_j (a row of the K cache) | score q·k_j/√Dh | weight α_j | v_j (a row of the V cache).
 * The new row is outlined, the reused rows marked in the margin; under K the new q (not cached), under V the
 * head's output Σ_j α_j v_j. Legend: P cached positions, Dh head width; rh pixels per row.
 */
final class KvCacheView extends Region {
    private static final double MAX_ROW = 24, GAP = 14, MARK = 5;
    private static final int WEIGHT_BAR_ARGB = 0xff21908d; // viridis' teal: reads on light and dark panels

    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final Tooltip tip = new Tooltip();
    private final ReadOnlyIntegerWrapper rows = new ReadOnlyIntegerWrapper(this, "rows");
    private final ReadOnlyIntegerWrapper newRow = new ReadOnlyIntegerWrapper(this, "newRow", -1);
    private DecodeFrame frame;
    private WritableImage keys, values, q, output; // (P, Dh), (P, Dh), (1, Dh), (1, Dh)
    private ValueScale keyScale, valueScale, scoreScale;
    private double maxWeight; // the full weight bar
    private String hint = "";
    private double top, rh, labelW, mw, scoreW, weightW; // geometry of the last draw

    KvCacheView() {
        getStyleClass().add("kv-cache-view");
        getChildren().addAll(colors, canvas);
        colors.onChange(this::draw);
        Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> tip.setText(describe(rowAt(e.getY()))));
        setMinSize(200, 160);
    }

    /** Rows drawn in the caches: the positions cached (0 before a prefill). */
    ReadOnlyIntegerProperty rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** The row outlined as new in this step, or -1. */
    ReadOnlyIntegerProperty newRowProperty() {
        return newRow.getReadOnlyProperty();
    }

    void show(DecodeFrame f) {
        frame = f;
        if (f == null) {
            keys = values = q = output = null;
            rows.set(0);
            newRow.set(-1);
            draw();
            return;
        }
        KvSnapshot kv = f.kv();
        HeadStep h = f.head();
        int P = kv.positions(), Dh = kv.dHead();
        keyScale = ValueScale.diverging(maxAbs(kv.keys(), h == null ? null : h.q()));
        valueScale = ValueScale.diverging(maxAbs(kv.values(), h == null ? null : h.output()));
        scoreScale = ValueScale.diverging(h == null ? 1 : maxAbs(h.scores(), null));
        maxWeight = h == null ? 1 : Math.max(1e-9, maxAbs(h.weights(), null));
        keys = image(kv.keys(), P, Dh, keyScale);
        values = image(kv.values(), P, Dh, valueScale);
        q = h == null ? null : image(h.q(), 1, Dh, keyScale);
        output = h == null ? null : image(h.output(), 1, Dh, valueScale);
        rows.set(P);
        newRow.set(f.newRow());
        draw();
    }

    void showHint(String text) {
        hint = text;
        show(null);
    }

    /** The colour scales' reach, for the legend under the view. */
    String scalesText() {
        if (frame == null) return "";
        return String.format(Locale.ROOT, "Colours: blue < 0 < orange, white = 0.  K and q share a scale (|x| ≤ %s), "
                        + "V and the output another (|x| ≤ %s); scores |s| ≤ %s.", Numbers.compact(keyScale.max()),
                Numbers.compact(valueScale.max()), Numbers.compact(scoreScale.max()));
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double W = canvas.getWidth(), H = canvas.getHeight();
        g.clearRect(0, 0, W, H);
        Font font = colors.font();
        double fs = font.getSize();
        Font small = Font.font(font.getFamily(), fs * 0.85), bold = Font.font(font.getFamily(), FontWeight.BOLD, fs);
        if (frame == null) {
            g.setFill(colors.get(CanvasColors.Role.MUTED));
            g.setFont(font);
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(hint, W / 2, H / 2, Math.max(10, W - 20));
            return;
        }
        int P = frame.positions(), Dh = frame.kv().dHead();
        HeadStep h = frame.head();
        labelW = Math.min(170, Math.max(100, W * 0.13));
        scoreW = Math.max(64, fs * 5.2);
        weightW = Math.max(110, fs * 8);
        mw = Math.max(40, (W - labelW - scoreW - weightW - 3 * GAP - 4) / 2);
        top = fs * 3.2;
        double footer = fs * 5.4;
        rh = Math.min(MAX_ROW, Math.max(0.5, (H - top - footer) / P));
        double xK = labelW, xS = xK + mw + GAP, xW = xS + scoreW + GAP / 2, xV = xW + weightW + GAP, bottom = top + P * rh;

        // Headers
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setFont(bold);
        String kv = frame.caches().size() < frame.spec().heads() ? " · KV head " + frame.kvHead() : "";
        g.fillText("K cache" + kv, xK, top - fs * 1.35, mw);
        g.fillText("score", xS, top - fs * 1.35, scoreW);
        g.fillText("weight α", xW, top - fs * 1.35, weightW);
        g.fillText("V cache" + kv, xV, top - fs * 1.35, mw);
        g.setFont(small);
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        g.fillText(P + " positions × " + Dh, xK, top - 3, mw);
        g.fillText("q·k_j / √" + Dh, xS, top - 3, scoreW);
        g.fillText(h == null ? "no query yet" : "full bar = " + Numbers.compact(maxWeight), xW, top - 3, weightW);
        g.fillText(P + " positions × " + Dh, xV, top - 3, mw);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("position  token", labelW - 8, top - 3, labelW - 10);

        // Cache rows
        g.setImageSmoothing(false);
        g.drawImage(keys, xK, top, mw, P * rh);
        g.drawImage(values, xV, top, mw, P * rh);
        int stride = LabelThinning.stride(rh, small.getSize() * 1.15);
        g.setFont(small);
        g.setTextBaseline(VPos.CENTER);
        Color muted = colors.get(CanvasColors.Role.MUTED), accent = colors.get(CanvasColors.Role.ACCENT);
        int fresh = frame.newRow();
        AttentionMask window = frame.spec().mask(frame.layer());
        for (int j = 0; j < P; j++) {
            double y = top + j * rh, cy = y + rh / 2;
            boolean isNew = j == fresh;
            g.setFill(isNew ? accent : muted);
            g.fillRect(0, y, MARK, Math.max(rh - (rh > 3 ? 1 : 0), 0.5));
            if (isNew || LabelThinning.shown(j, stride) && (fresh < 0 || Math.abs(j - fresh) * rh >= small.getSize() * 1.15)) {
                g.setFill(isNew ? accent : colors.get(CanvasColors.Role.TEXT));
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(LabelThinning.fit(frame.tokens()[j], 10), labelW - 8, cy, labelW - 50);
                g.setTextAlign(TextAlignment.LEFT);
                g.setFill(muted);
                g.fillText(Integer.toString(j), MARK + 4, cy);
            }
            if (h != null && window.outsideWindow(P - 1, j)) { // cached, but the layer's window no longer reaches it
                g.setFill(colors.get(CanvasColors.Role.WINDOW).deriveColor(0, 1, 1, 0.35));
                g.fillRect(xS, y, scoreW + GAP / 2 + weightW, Math.max(rh - (rh > 3 ? 1 : 0), 0.5));
                if (rh >= small.getSize() + 2) {
                    g.setTextAlign(TextAlignment.LEFT);
                    g.setFill(colors.get(CanvasColors.Role.TEXT));
                    g.fillText("outside the window", xS + 4, cy, scoreW + weightW);
                }
            } else if (h != null) {
                g.setFill(CanvasColors.of(scoreScale.argb(h.score(j))));
                g.fillRect(xS, y, scoreW, Math.max(rh - (rh > 3 ? 1 : 0), 0.5));
                double a = h.weight(j), bar = a / maxWeight * weightW;
                g.setFill(CanvasColors.of(WEIGHT_BAR_ARGB));
                g.fillRect(xW, y + (rh > 6 ? 2 : 0), Math.max(bar, a > 0 ? 1 : 0), Math.max(rh - (rh > 6 ? 4 : 0), 0.5));
                if (rh >= small.getSize() + 2) {
                    g.setTextAlign(TextAlignment.CENTER);
                    g.setFill(textOn(scoreScale.argb(h.score(j))));
                    g.fillText(Numbers.compact(h.score(j)), xS + scoreW / 2, cy, scoreW - 4);
                    g.setTextAlign(TextAlignment.LEFT);
                    g.setFill(colors.get(CanvasColors.Role.TEXT));
                    String pct = String.format(Locale.ROOT, "%.1f%%", 100 * a);
                    double tx = bar + 4 + small.getSize() * 3.2 < weightW ? xW + bar + 4 : xW + 3;
                    if (tx == xW + 3) g.setFill(Color.WHITE);
                    g.fillText(pct, tx, cy);
                }
            }
        }
        if (h == null) {
            g.setFill(muted);
            g.setTextAlign(TextAlignment.LEFT);
            g.setTextBaseline(VPos.TOP);
            g.setFont(small);
            g.fillText("Press Step: the next token's\nq will score every cached key.", xS, top + 4, scoreW + weightW);
        }
        if (fresh >= 0) {
            g.setStroke(accent);
            g.setLineWidth(2);
            double y = top + fresh * rh, hh = Math.max(rh, 3);
            g.strokeRect(xK - 1, y - 1, xV + mw - xK + 2, hh + 2);
        }

        // The new token's q (under K) and the head's output (under V)
        double yq = bottom + fs * 1.9, qh = Math.max(14, Math.min(MAX_ROW, fs * 1.4));
        g.setTextBaseline(VPos.BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        if (h != null) {
            g.setFont(bold);
            g.setFill(accent);
            g.fillText("q  (new token)", xK, yq - 3, mw);
            g.setFill(colors.get(CanvasColors.Role.TEXT));
            g.fillText("output  Σ α_j v_j", xV, yq - 3, mw);
            g.drawImage(q, xK, yq, mw, qh);
            g.drawImage(output, xV, yq, mw, qh);
            g.setStroke(accent);
            g.setLineWidth(1.5);
            g.setLineDashes(5, 4);
            g.strokeRect(xK - 1, yq - 1, mw + 2, qh + 2);
            g.setLineDashes();
            g.setFont(small);
            g.setFill(muted);
            g.setTextBaseline(VPos.TOP);
            g.fillText("computed for this token only, not cached", xK, yq + qh + 3, mw);
            g.fillText("this head's output, before W_O", xV, yq + qh + 3, mw);
            g.fillText("q·k_j → score → α", xS, yq + 2);
            g.fillText("→ Σ α_j v_j", xS, yq + 2 + small.getSize() * 1.3);
        }
    }

    private int rowAt(double y) {
        if (frame == null || rh <= 0) return -1;
        int j = (int) Math.floor((y - top) / rh);
        return j >= 0 && j < frame.positions() ? j : -1;
    }

    private String describe(int j) {
        if (j < 0) return "Each row is one cached position: its key k_j, the new query's score and weight on it, "
                + "and its value v_j.";
        String s = "position " + j + " “" + frame.tokens()[j] + "”" + (j == frame.newRow() ? " — new in this step"
                : frame.afterPrefill() ? " — computed by the prefill" : " — reused from the cache");
        if (!frame.afterPrefill() && frame.spec().mask(frame.layer()).outsideWindow(frame.positions() - 1, j))
            s += "\n" + AttentionText.outsideWindow(frame.spec(), frame.layer()) + ": still cached, weight exactly 0";
        HeadStep h = frame.head();
        if (h != null)
            s += String.format(Locale.ROOT, "\nscore q·k/√Dh = %s\nweight α = %s\n‖v_j W_O‖ = %s", Numbers.exact(h.score(j)),
                    Numbers.exact(h.weight(j)), Numbers.exact(h.valueNorms()[j]));
        return s;
    }

    private static WritableImage image(float[] m, int rows, int cols, ValueScale scale) {
        int[] argb = new int[rows * cols]; // (rows, cols)
        for (int x = 0; x < argb.length; x++) argb[x] = scale.argb(m[x]);
        return MatrixRaster.toImage(argb, cols, rows);
    }

    private static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (float x : a) m = Math.max(m, Math.abs(x));
        if (b != null) for (float x : b) m = Math.max(m, Math.abs(x));
        return m;
    }


    /** Black or white, whichever reads on the cell colour. */
    private static Color textOn(int c) {
        double lum = 0.2126 * (c >> 16 & 0xff) + 0.7152 * (c >> 8 & 0xff) + 0.0722 * (c & 0xff);
        return lum > 140 ? Color.BLACK : Color.WHITE;
    }
}
