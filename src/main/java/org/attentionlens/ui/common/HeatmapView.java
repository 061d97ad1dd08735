package org.attentionlens.ui.common;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.attentionlens.viz.ColorMap;
import org.attentionlens.viz.LabelThinning;
import org.attentionlens.viz.ValueScale;

import java.util.function.Function;

/**
 * A query × key matrix drawn from a pre-rasterised image (one pixel per cell) with token labels on both axes,
 * a colour legend with numbers, hatched masked cells, scroll-wheel zoom, drag to pan and a hover/selection
 * overlay. Hover only repaints the overlay canvas, so it costs the same at 8 or 1024 tokens.
 * Legend: T tokens; cell = on-screen pixels per cell; (ox, oy) the first visible column and row, in cells.
 */
public final class HeatmapView extends Region {
    private static final int MAX_LABEL_CHARS = 12;
    private static final double LEGEND_BAR = 12;

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final ObjectProperty<Cell> hover = new SimpleObjectProperty<>(this, "hover");
    private final ObjectProperty<Cell> selected = new SimpleObjectProperty<>(this, "selected");

    private Image image;          // (T, T) one pixel per cell
    private int T;
    private String[] labels = new String[0]; // (T)
    private ValueScale scale;
    private boolean causal;
    private String hint = "";
    private Function<Cell, String> valueText = c -> "";

    private double zoom = 1, ox, oy;
    private double widest = -1;
    private Font widestFont;
    private double px, py, side, labelSpace;
    private double pressX, pressY, pressOx, pressOy;
    private boolean dragged;
    private long overlayNanos, baseNanos;

    public HeatmapView() {
        getStyleClass().add("heatmap");
        getChildren().addAll(colors, base, overlay);
        colors.onChange(this::redraw);
        hover.addListener((o, a, b) -> drawOverlay());
        selected.addListener((o, a, b) -> drawOverlay());
        overlay.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover.set(cellAt(e.getX(), e.getY())));
        overlay.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.set(null));
        overlay.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        overlay.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        overlay.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        overlay.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        setMinSize(120, 120);
        setPrefSize(360, 360);
    }

    /** The cell under the mouse, shared between views that should highlight together. */
    public ObjectProperty<Cell> hoverCellProperty() {
        return hover;
    }

    /** The pinned cell (click). */
    public ObjectProperty<Cell> selectedCellProperty() {
        return selected;
    }

    /** What the hover box says about a cell, e.g. its exact value. */
    public void setValueText(Function<Cell, String> valueText) {
        this.valueText = valueText;
    }

    /** Shows a matrix: image (T, T) one pixel per cell, T labels, its colour scale. Keeps zoom if T is unchanged. */
    public void setMatrix(Image image, String[] labels, ValueScale scale, boolean causal) {
        if (labels.length != T) {
            zoom = 1;
            ox = oy = 0;
        }
        this.image = image;
        this.T = labels.length;
        this.labels = labels;
        this.widest = -1;
        this.scale = scale;
        this.causal = causal;
        this.hint = "";
        redraw();
    }

    /** Shows no matrix, only a hint such as "type a sentence". */
    public void showHint(String hint) {
        this.image = null;
        this.T = 0;
        this.labels = new String[0];
        this.hint = hint;
        redraw();
    }

    public double zoom() {
        return zoom;
    }

    /** Wall time of the last overlay (hover) repaint. */
    public long overlayNanos() {
        return overlayNanos;
    }

    /** Wall time of the last full repaint (image, labels, legend). */
    public long baseNanos() {
        return baseNanos;
    }

    /** The cell at a point of this view, or null outside the matrix. */
    public Cell cellAt(double x, double y) {
        if (T == 0 || x < px || y < py || x >= px + side || y >= py + side) return null;
        double cell = cellPx();
        int j = (int) Math.floor(ox + (x - px) / cell), i = (int) Math.floor(oy + (y - py) / cell);
        return i >= 0 && j >= 0 && i < T && j < T ? new Cell(i, j) : null;
    }

    /** The centre of a cell in this view's coordinates (for tests and keyboard scrolling). */
    public Point2D cellCenter(Cell c) {
        double cell = cellPx();
        return new Point2D(px + (c.key() - ox + 0.5) * cell, py + (c.query() - oy + 0.5) * cell);
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth(), h = getHeight();
        if (base.getWidth() != w || base.getHeight() != h) {
            base.setWidth(w);
            base.setHeight(h);
            overlay.setWidth(w);
            overlay.setHeight(h);
            redraw();
        }
    }

    private double cellPx() {
        return T == 0 ? 1 : side * zoom / T;
    }

    private void redraw() {
        drawBase();
        drawOverlay();
    }

    private Font labelFont() {
        Font f = colors.font();
        return Font.font(f.getFamily(), f.getSize() * 0.9);
    }

    /** The widest axis label at the current font; measured once per matrix or font, not per repaint. */
    private double widestLabel() {
        Font f = labelFont();
        if (widest >= 0 && f.equals(widestFont)) return widest;
        double w = 0;
        Text probe = new Text();
        probe.setFont(f);
        for (int i = 0; i < labels.length; i++) {
            probe.setText(label(i, labels.length > 24 ? 2 : 1)); // room for the position shown when thinned
            w = Math.max(w, probe.getLayoutBounds().getWidth());
        }
        widestFont = f;
        return widest = w;
    }

    private void geometry() {
        Font f = labelFont();
        double widest = widestLabel();
        double legend = 8 + LEGEND_BAR + 4 + f.getSize() * 1.4; // a horizontal bar with numbers, under the matrix
        labelSpace = Math.min(Math.max(widest, f.getSize() * 3) + 10, getWidth() * 0.3);
        px = labelSpace;
        py = labelSpace;
        side = Math.max(10, Math.min(getWidth() - px - 12, getHeight() - py - legend));
    }

    private void drawBase() {
        long t0 = System.nanoTime();
        GraphicsContext g = base.getGraphicsContext2D();
        g.clearRect(0, 0, base.getWidth(), base.getHeight());
        if (image == null || T == 0) {
            g.setFill(colors.get(CanvasColors.Role.MUTED));
            g.setFont(colors.font());
            g.setTextAlign(TextAlignment.CENTER);
            g.setTextBaseline(VPos.CENTER);
            g.fillText(hint, getWidth() / 2, getHeight() / 2, Math.max(10, getWidth() - 20));
            baseNanos = System.nanoTime() - t0;
            return;
        }
        geometry();
        double n = T / zoom, cell = cellPx();
        g.setImageSmoothing(false);
        g.drawImage(image, ox, oy, n, n, px, py, side, side);
        g.save();
        g.beginPath();
        g.rect(px, py, side, side);
        g.clip();
        if (causal) hatchMasked(g, cell);
        if (cell >= 12) gridLines(g, cell);
        g.restore();
        drawLabels(g, cell);
        drawLegend(g);
        baseNanos = System.nanoTime() - t0;
    }

    /** Diagonal hatching over the cells j &gt; i, clipped to their staircase outline. */
    private void hatchMasked(GraphicsContext g, double cell) {
        int i0 = Math.max(0, (int) Math.floor(oy)), i1 = Math.min(T - 1, (int) Math.ceil(oy + T / zoom));
        double right = px + side + 1;
        g.save();
        g.beginPath();
        g.moveTo(right, py + (i0 - oy) * cell);
        for (int i = i0; i <= i1; i++) {
            double x = px + (i + 1 - ox) * cell;
            g.lineTo(x, py + (i - oy) * cell);
            g.lineTo(x, py + (i + 1 - oy) * cell);
        }
        g.lineTo(right, py + (i1 + 1 - oy) * cell);
        g.closePath();
        g.clip();
        g.setStroke(colors.get(CanvasColors.Role.HATCH));
        g.setLineWidth(1);
        for (double d = -side; d < side; d += 6) g.strokeLine(px + d, py + side, px + d + side, py);
        g.restore();
    }

    private void gridLines(GraphicsContext g, double cell) {
        g.setStroke(colors.get(CanvasColors.Role.PANEL));
        g.setLineWidth(1);
        for (int k = (int) Math.ceil(ox); k <= T; k++) {
            double x = px + (k - ox) * cell;
            if (x > px + side) break;
            g.strokeLine(x, py, x, py + side);
        }
        for (int k = (int) Math.ceil(oy); k <= T; k++) {
            double y = py + (k - oy) * cell;
            if (y > py + side) break;
            g.strokeLine(px, y, px + side, y);
        }
    }

    private void drawLabels(GraphicsContext g, double cell) {
        Font f = labelFont();
        int k = LabelThinning.stride(cell, f.getSize() * 1.2);
        g.setFont(f);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int i = 0; i < T; i++) {
            double y = py + (i - oy + 0.5) * cell;
            if (y < py || y > py + side || !LabelThinning.shown(i, k)) continue;
            g.fillText(label(i, k), px - 4, y);
        }
        g.setTextAlign(TextAlignment.LEFT);
        for (int j = 0; j < T; j++) {
            double x = px + (j - ox + 0.5) * cell;
            if (x < px || x > px + side || !LabelThinning.shown(j, k)) continue;
            g.save();
            g.translate(x, py - 4);
            g.rotate(-90);
            g.fillText(label(j, k), 0, 0);
            g.restore();
        }
        g.setFill(colors.get(CanvasColors.Role.MUTED));
        g.setTextBaseline(VPos.TOP);
        g.fillText("key →", 2, 2, Math.max(8, px - 8));
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText("query ↓", 2, py - 2, Math.max(8, px - 8));
    }

    /** A thinned axis shows positions too, so "the" at 5 and at 9 stay apart. */
    private String label(int i, int stride) {
        String s = LabelThinning.fit(labels[i], MAX_LABEL_CHARS);
        return stride > 1 ? i + " " + s : s;
    }

    /** The colour bar under the matrix, low values left, with five numbered ticks. */
    private void drawLegend(GraphicsContext g) {
        double y = py + side + 8, w = side;
        ColorMap map = scale.map();
        for (int k = 0; k < ColorMap.SIZE; k++) {
            int c = map.entry(k);
            g.setFill(CanvasColors.of(c));
            g.fillRect(px + w * k / ColorMap.SIZE, y, w / ColorMap.SIZE + 1, LEGEND_BAR);
        }
        g.setStroke(colors.get(CanvasColors.Role.MUTED));
        g.setLineWidth(1);
        g.strokeRect(px, y, w, LEGEND_BAR);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setFont(labelFont());
        g.setTextBaseline(VPos.TOP);
        Text probe = new Text();
        probe.setFont(labelFont());
        double need = 0;
        for (double t = 0; t <= 1; t += 0.25) {
            probe.setText(Numbers.compact(scale.valueAt(t)));
            need = Math.max(need, probe.getLayoutBounds().getWidth() + labelFont().getSize());
        }
        double[] ticks = w >= 5 * need ? new double[]{0, 0.25, 0.5, 0.75, 1}
                : w >= 3 * need ? new double[]{0, 0.5, 1} : new double[]{0, 1};
        for (double t : ticks) {
            double x = px + w * t;
            g.strokeLine(x, y + LEGEND_BAR, x, y + LEGEND_BAR + 3);
            g.setTextAlign(t == 0 ? TextAlignment.LEFT : t == 1 ? TextAlignment.RIGHT : TextAlignment.CENTER);
            g.fillText(Numbers.compact(scale.valueAt(t)), x, y + LEGEND_BAR + 4);
        }
    }

    private void drawOverlay() {
        long t0 = System.nanoTime();
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (T == 0) return;
        double cell = cellPx();
        g.save();
        g.beginPath();
        g.rect(0, 0, px + side, py + side);
        g.clip();
        Cell s = selected.get();
        if (s != null && s.query() < T && s.key() < T) {
            Point2D c = cellCenter(s);
            g.setStroke(colors.get(CanvasColors.Role.ACCENT));
            g.setLineWidth(2.5);
            double r = Math.max(cell, 4);
            g.strokeRect(c.getX() - r / 2, c.getY() - r / 2, r, r);
        }
        Cell h = hover.get();
        if (h != null && h.query() < T && h.key() < T) {
            Point2D c = cellCenter(h);
            Color hc = colors.get(CanvasColors.Role.HOVER);
            g.setFill(hc.deriveColor(0, 1, 1, 0.16));
            g.fillRect(px, c.getY() - cell / 2, side, cell);
            g.fillRect(c.getX() - cell / 2, py, cell, side);
            g.setStroke(hc);
            g.setLineWidth(1.5);
            double r = Math.max(cell, 4);
            g.strokeRect(c.getX() - r / 2, c.getY() - r / 2, r, r);
            hoverLabels(g, h, c);
            g.restore();
            valueBox(g, h, c, cell);
        } else {
            g.restore();
        }
        overlayNanos = System.nanoTime() - t0;
    }

    /** The hovered row and column labels in bold over a panel, even where thinning hid them. */
    private void hoverLabels(GraphicsContext g, Cell h, Point2D c) {
        Font bold = Font.font(labelFont().getFamily(), FontWeight.BOLD, labelFont().getSize());
        g.setFont(bold);
        Text probe = new Text(labels[h.query()]);
        probe.setFont(bold);
        double fh = bold.getSize() * 1.3;
        String row = LabelThinning.fit(labels[h.query()], MAX_LABEL_CHARS), col = LabelThinning.fit(labels[h.key()], MAX_LABEL_CHARS);
        probe.setText(row);
        double rw = probe.getLayoutBounds().getWidth() + 6;
        probe.setText(col);
        double cw = probe.getLayoutBounds().getWidth() + 6;
        g.setFill(colors.get(CanvasColors.Role.PANEL));
        g.fillRect(px - 2 - rw, c.getY() - fh / 2, rw, fh);
        g.fillRect(c.getX() - fh / 2, py - 2 - cw, fh, cw);
        g.setFill(colors.get(CanvasColors.Role.ACCENT));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(row, px - 4, c.getY());
        g.setTextAlign(TextAlignment.LEFT);
        g.save();
        g.translate(c.getX(), py - 4);
        g.rotate(-90);
        g.fillText(col, 0, 0);
        g.restore();
    }

    private void valueBox(GraphicsContext g, Cell h, Point2D c, double cell) {
        String text = valueText.apply(h);
        if (text.isEmpty()) return;
        Font f = labelFont();
        Text probe = new Text(text);
        probe.setFont(f);
        double w = probe.getLayoutBounds().getWidth() + 10, hh = probe.getLayoutBounds().getHeight() + 6;
        double x = c.getX() + cell / 2 + 6, y = c.getY() + cell / 2 + 6;
        if (x + w > getWidth()) x = c.getX() - cell / 2 - 6 - w;
        if (y + hh > getHeight()) y = c.getY() - cell / 2 - 6 - hh;
        g.setFill(colors.get(CanvasColors.Role.PANEL).deriveColor(0, 1, 1, 0.94));
        g.fillRoundRect(x, y, w, hh, 6, 6);
        g.setStroke(colors.get(CanvasColors.Role.MUTED));
        g.setLineWidth(1);
        g.strokeRoundRect(x, y, w, hh, 6, 6);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setFont(f);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(text, x + 5, y + 3);
    }

    private void pressed(MouseEvent e) {
        pressX = e.getX();
        pressY = e.getY();
        pressOx = ox;
        pressOy = oy;
        dragged = false;
    }

    private void dragged(MouseEvent e) {
        if (zoom <= 1) return;
        double cell = cellPx();
        if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) dragged = true;
        ox = clampOrigin(pressOx - (e.getX() - pressX) / cell);
        oy = clampOrigin(pressOy - (e.getY() - pressY) / cell);
        redraw();
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || dragged) return;
        if (e.getClickCount() == 2) {
            zoom = 1;
            ox = oy = 0;
            redraw();
            return;
        }
        Cell c = cellAt(e.getX(), e.getY());
        if (c != null) selected.set(c);
    }

    private void scrolled(ScrollEvent e) {
        if (T == 0 || e.getDeltaY() == 0) return;
        double cell = cellPx();
        double cx = ox + (e.getX() - px) / cell, cy = oy + (e.getY() - py) / cell; // cell under the mouse
        double maxZoom = Math.max(1, T / 4.0);
        zoom = Math.max(1, Math.min(maxZoom, zoom * (e.getDeltaY() > 0 ? 1.25 : 0.8)));
        double nc = cellPx();
        ox = clampOrigin(cx - (e.getX() - px) / nc);
        oy = clampOrigin(cy - (e.getY() - py) / nc);
        redraw();
        e.consume();
    }

    /** Scrolls so the cell is visible when zoomed in (keyboard navigation). */
    public void reveal(Cell c) {
        if (zoom <= 1 || c == null) return;
        double n = T / zoom;
        if (c.key() < ox || c.key() + 1 > ox + n) ox = clampOrigin(c.key() - n / 2);
        if (c.query() < oy || c.query() + 1 > oy + n) oy = clampOrigin(c.query() - n / 2);
        redraw();
    }

    private double clampOrigin(double o) {
        return Math.max(0, Math.min(T - T / zoom, o));
    }
}
