package org.attentionlens.ui.common;

import javafx.beans.InvalidationListener;
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
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.List;
import java.util.function.Function;

/**
 * A query × key matrix drawn from a pre-rasterised image (one pixel per cell) with token labels on both axes,
 * a colour legend with numbers, hatched masked cells (cells a sliding window hides hatched the other way on a tint of
 * their own, so they never read as the causal mask), scroll-wheel zoom, drag to pan and a hover/selection
 * overlay. Hover only repaints the overlay canvas, so it costs the same at 8 or 1024 tokens. Zoom and pan live in a
 * {@link Viewport} that matrices shown together share. Square cells, or (when filling) cells as wide and tall as
 * the room allows. Legend: T tokens; (cw, ch) on-screen pixels per cell.
 */
public final class HeatmapView extends Region {
    private static final int MAX_LABEL_CHARS = 14;
    private static final double LEGEND_BAR = 12, MIN_LABEL_PX = 8;

    private final Canvas base = new Canvas();
    private final Canvas overlay = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final ObjectProperty<Cell> hover = new SimpleObjectProperty<>(this, "hover");
    private final ObjectProperty<Cell> selected = new SimpleObjectProperty<>(this, "selected");
    private final InvalidationListener onViewport = o -> redraw();

    private Viewport viewport = new Viewport();
    private Image image;          // (T, T) one pixel per cell
    private int T;
    private String[] labels = new String[0]; // (T)
    private ValueScale scale;
    private boolean perRow, fill;
    private MatrixRaster.CellMask mask = MatrixRaster.CellMask.NONE;
    private MatrixRaster.CellMask outsideWindow = MatrixRaster.CellMask.NONE; // the masked cells the window hides
    private List<Integer> rows = List.of();   // query rows picked together (outlined)
    private String hint = "";
    private Function<Cell, String> valueText = c -> "";

    private double widest = -1;
    private Font widestFont;
    private double px, py, pw, ph, labelSize;
    private double pressX, pressY, pressOx, pressOy;
    private boolean dragged;
    private long overlayNanos, baseNanos;

    public HeatmapView() {
        getStyleClass().add("heatmap");
        getChildren().addAll(colors, base, overlay);
        colors.onChange(this::labelsChanged);
        viewport.addListener(onViewport);
        hover.addListener((o, a, b) -> drawOverlay());
        selected.addListener((o, a, b) -> drawOverlay());
        overlay.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover.set(cellAt(e.getX(), e.getY())));
        overlay.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.set(null));
        overlay.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        overlay.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        overlay.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
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

    /** Zooms and pans with the other views given the same viewport. */
    public void shareViewport(Viewport shared) {
        viewport.removeListener(onViewport);
        viewport = shared;
        viewport.addListener(onViewport);
        redraw();
    }

    /** Cells as wide and tall as the room allows instead of square (a single matrix filling the view). */
    public void setFill(boolean on) {
        fill = on;
        redraw();
    }

    /**
     * Shows a matrix: image (T, T) one pixel per cell, T labels, its colour scale (a fraction of each row's maximum
     * when perRow) and the trace's mask, hatched. Keeps zoom if T is unchanged.
     */
    public void setMatrix(Image image, String[] labels, ValueScale scale, MatrixRaster.CellMask mask, boolean perRow) {
        this.image = image;
        this.T = labels.length;
        this.labels = labels;
        this.widest = -1;
        this.scale = scale;
        this.mask = mask;
        this.outsideWindow = MatrixRaster.CellMask.NONE;
        this.perRow = perRow;
        this.hint = "";
        viewport.size(T);
        redraw();
    }

    /**
     * Which of the masked cells a sliding window hides (a past key too far back), drawn apart from the causal mask;
     * call after {@link #setMatrix}, which resets it.
     */
    public void setOutsideWindow(MatrixRaster.CellMask outside) {
        this.outsideWindow = outside;
        redraw();
    }

    /** Shows no matrix, only a hint such as "type a sentence". */
    public void showHint(String hint) {
        this.image = null;
        this.T = 0;
        this.labels = new String[0];
        this.mask = MatrixRaster.CellMask.NONE; // nothing of the last matrix stays reachable (its masks and values
        this.outsideWindow = MatrixRaster.CellMask.NONE; // may hold a whole pass)
        this.valueText = c -> "";
        this.hint = hint;
        redraw();
    }

    /** Outlines several query rows picked together (their mean is shown elsewhere); one row or none: nothing. */
    public void setRows(List<Integer> picked) {
        rows = picked.size() > 1 ? List.copyOf(picked) : List.of();
        drawOverlay();
    }

    public double zoom() {
        return viewport.zoom();
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
        if (T == 0 || x < px || y < py || x >= px + pw || y >= py + ph) return null;
        int j = (int) Math.floor(viewport.ox() + (x - px) / cw()), i = (int) Math.floor(viewport.oy() + (y - py) / ch());
        return i >= 0 && j >= 0 && i < T && j < T ? new Cell(i, j) : null;
    }

    /** The centre of a cell in this view's coordinates (for tests and keyboard scrolling). */
    public Point2D cellCenter(Cell c) {
        return new Point2D(px + (c.key() - viewport.ox() + 0.5) * cw(), py + (c.query() - viewport.oy() + 0.5) * ch());
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

    private double cw() {
        return T == 0 ? 1 : pw * viewport.zoom() / T;
    }

    private double ch() {
        return T == 0 ? 1 : ph * viewport.zoom() / T;
    }

    private void labelsChanged() {
        widest = -1;
        redraw();
    }

    private void redraw() {
        drawBase();
        drawOverlay();
    }

    private Font font(double size) {
        return Font.font(colors.font().getFamily(), size);
    }

    /** The widest axis label at the font's size; measured once per matrix and font, not per repaint. */
    private double widestLabel(Font f) {
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

    /**
     * Places the plot: labels get the room their widest needs (up to 30 % of the view, then they are cut to it),
     * the legend sits under the plot, and labels shrink (down to 8 px, never below 75 % of the UI font) rather
     * than skip tokens when cells are a little smaller than a line of text.
     */
    private void geometry() {
        double base = colors.font().getSize() * 0.9;
        double legend = 8 + LEGEND_BAR + 4 + base * 1.4; // a horizontal bar with numbers, under the plot
        double room = Math.max(base * 3, widestLabel(font(base))) + 10;
        double space = Math.min(room, Math.max(base * 3, getWidth() * 0.3));
        px = space;
        py = space;
        double w = Math.max(10, getWidth() - px - 12), h = Math.max(10, getHeight() - py - legend);
        pw = fill ? w : Math.min(w, h);
        ph = fill ? h : pw;
        double cell = Math.min(cw(), ch());
        labelSize = Math.max(Math.max(MIN_LABEL_PX, base * 0.75), Math.min(base, cell / 1.15));
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
        double n = viewport.visible();
        g.setImageSmoothing(false);
        g.drawImage(image, viewport.ox(), viewport.oy(), n, n, px, py, pw, ph);
        g.save();
        g.beginPath();
        g.rect(px, py, pw, ph);
        g.clip();
        hatchMasked(g);
        if (Math.min(cw(), ch()) >= 12) gridLines(g);
        g.restore();
        drawLabels(g);
        drawLegend(g);
        baseNanos = System.nanoTime() - t0;
    }

    /**
     * Diagonal hatching over the masked cells of the visible rows, clipped to the runs the mask gives: "/" over the
     * causal mask's grey, "\\" over a tint for the cells outside a sliding window.
     */
    private void hatchMasked(GraphicsContext g) {
        hatch(g, (i, j) -> mask.masked(i, j) && !outsideWindow.masked(i, j), colors.get(CanvasColors.Role.HATCH), null, 1);
        Color window = colors.get(CanvasColors.Role.WINDOW);
        hatch(g, outsideWindow, window, window.deriveColor(0, 1, 1, 0.35), -1);
    }

    /** Strokes diagonals (direction +1 "/", −1 "\\") over the cells of the visible rows where, on an optional fill. */
    private void hatch(GraphicsContext g, MatrixRaster.CellMask where, Color stroke, Color fill, int direction) {
        double cw = cw(), ch = ch(), ox = viewport.ox(), oy = viewport.oy();
        int i0 = Math.max(0, (int) Math.floor(oy)), i1 = Math.min(T - 1, (int) Math.ceil(oy + viewport.visible()));
        int j0 = Math.max(0, (int) Math.floor(ox)), j1 = Math.min(T - 1, (int) Math.ceil(ox + viewport.visible()));
        g.save();
        g.beginPath();
        boolean any = false;
        for (int i = i0; i <= i1; i++)
            for (int j = j0; j <= j1; j++) {
                if (!where.masked(i, j)) continue;
                int start = j;
                while (j + 1 <= j1 && where.masked(i, j + 1)) j++;
                g.rect(px + (start - ox) * cw, py + (i - oy) * ch, (j + 1 - start) * cw, ch);
                any = true;
            }
        if (any) {
            g.clip();
            if (fill != null) {
                g.setFill(fill);
                g.fillRect(px, py, pw, ph);
            }
            g.setStroke(stroke);
            g.setLineWidth(1);
            double s = Math.max(pw, ph);
            for (double d = -s; d < s; d += 6)
                if (direction > 0) g.strokeLine(px + d, py + ph, px + d + ph, py);
                else g.strokeLine(px + d, py, px + d + ph, py + ph);
        }
        g.restore();
    }

    private void gridLines(GraphicsContext g) {
        double cw = cw(), ch = ch();
        g.setStroke(colors.get(CanvasColors.Role.PANEL));
        g.setLineWidth(1);
        for (int k = (int) Math.ceil(viewport.ox()); k <= T; k++) {
            double x = px + (k - viewport.ox()) * cw;
            if (x > px + pw) break;
            g.strokeLine(x, py, x, py + ph);
        }
        for (int k = (int) Math.ceil(viewport.oy()); k <= T; k++) {
            double y = py + (k - viewport.oy()) * ch;
            if (y > py + ph) break;
            g.strokeLine(px, y, px + pw, y);
        }
    }

    private void drawLabels(GraphicsContext g) {
        Font f = font(labelSize);
        int rowStride = LabelThinning.stride(ch(), labelSize * 1.15), colStride = LabelThinning.stride(cw(), labelSize * 1.15);
        g.setFont(f);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        double room = px - 6;
        for (int i = 0; i < T; i++) {
            double y = py + (i - viewport.oy() + 0.5) * ch();
            if (y < py || y > py + ph || !LabelThinning.shown(i, rowStride)) continue;
            g.fillText(fitted(label(i, rowStride), f, room), px - 4, y);
        }
        g.setTextAlign(TextAlignment.LEFT);
        room = py - 6;
        for (int j = 0; j < T; j++) {
            double x = px + (j - viewport.ox() + 0.5) * cw();
            if (x < px || x > px + pw || !LabelThinning.shown(j, colStride)) continue;
            g.save();
            g.translate(x, py - 4);
            g.rotate(-90);
            g.fillText(fitted(label(j, colStride), f, room), 0, 0);
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

    /** The label cut (with an ellipsis) to what fits in room pixels, so nothing runs off the view's edge. */
    private static String fitted(String s, Font f, double room) {
        Text probe = new Text(s);
        probe.setFont(f);
        if (probe.getLayoutBounds().getWidth() <= room) return s;
        int n = s.codePointCount(0, s.length());
        while (n > 1) {
            String cut = LabelThinning.fit(s, --n);
            probe.setText(cut);
            if (probe.getLayoutBounds().getWidth() <= room) return cut;
        }
        return "…";
    }

    /** The colour bar under the matrix, low values left, with numbered ticks (fractions of the row max per row). */
    private void drawLegend(GraphicsContext g) {
        double y = py + ph + 8, w = pw;
        ColorMap map = scale.map();
        for (int k = 0; k < ColorMap.SIZE; k++) {
            g.setFill(CanvasColors.of(map.entry(k)));
            g.fillRect(px + w * k / ColorMap.SIZE, y, w / ColorMap.SIZE + 1, LEGEND_BAR);
        }
        g.setStroke(colors.get(CanvasColors.Role.MUTED));
        g.setLineWidth(1);
        g.strokeRect(px, y, w, LEGEND_BAR);
        Font f = font(colors.font().getSize() * 0.9);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setFont(f);
        g.setTextBaseline(VPos.TOP);
        Text probe = new Text();
        probe.setFont(f);
        double need = 0;
        for (double t = 0; t <= 1; t += 0.25) {
            probe.setText(tick(t));
            need = Math.max(need, probe.getLayoutBounds().getWidth() + f.getSize());
        }
        double[] ticks = w >= 5 * need ? new double[]{0, 0.25, 0.5, 0.75, 1}
                : w >= 3 * need ? new double[]{0, 0.5, 1} : new double[]{0, 1};
        for (double t : ticks) {
            double x = px + w * t;
            g.strokeLine(x, y + LEGEND_BAR, x, y + LEGEND_BAR + 3);
            g.setTextAlign(t == 0 ? TextAlignment.LEFT : t == 1 ? TextAlignment.RIGHT : TextAlignment.CENTER);
            g.fillText(tick(t), x, y + LEGEND_BAR + 4);
        }
    }

    private String tick(double t) {
        String v = Numbers.compact(scale.valueAt(t));
        return perRow ? v + (t == 1 ? " × row max" : "") : v;
    }

    private void drawOverlay() {
        long t0 = System.nanoTime();
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        if (T == 0) return;
        double cw = cw(), ch = ch();
        g.save();
        g.beginPath();
        g.rect(0, 0, px + pw, py + ph);
        g.clip();
        Color accent = colors.get(CanvasColors.Role.ACCENT);
        for (int i : rows) {
            if (i >= T) continue;
            double y = py + (i - viewport.oy()) * ch;
            g.setStroke(accent.deriveColor(0, 1, 1, 0.7));
            g.setLineWidth(1.5);
            g.strokeRect(px, y, pw, Math.max(ch, 2));
        }
        Cell s = selected.get();
        if (s != null && s.query() < T && s.key() < T) {
            Point2D c = cellCenter(s);
            g.setStroke(accent);
            g.setLineWidth(2.5);
            g.strokeRect(c.getX() - Math.max(cw, 4) / 2, c.getY() - Math.max(ch, 4) / 2, Math.max(cw, 4), Math.max(ch, 4));
        }
        Cell h = hover.get();
        if (h != null && h.query() < T && h.key() < T) {
            Point2D c = cellCenter(h);
            Color hc = colors.get(CanvasColors.Role.HOVER);
            g.setFill(hc.deriveColor(0, 1, 1, 0.16));
            g.fillRect(px, c.getY() - ch / 2, pw, ch);
            g.fillRect(c.getX() - cw / 2, py, cw, ph);
            g.setStroke(hc);
            g.setLineWidth(1.5);
            g.strokeRect(c.getX() - Math.max(cw, 4) / 2, c.getY() - Math.max(ch, 4) / 2, Math.max(cw, 4), Math.max(ch, 4));
            hoverLabels(g, h, c);
            g.restore();
            valueBox(g, h, c);
        } else {
            g.restore();
        }
        overlayNanos = System.nanoTime() - t0;
    }

    /**
     * The hovered row and column labels in bold, even where thinning hid them, each on a panel as long as the
     * label strip, so the neighbours' labels underneath do not show through.
     */
    private void hoverLabels(GraphicsContext g, Cell h, Point2D c) {
        Font bold = Font.font(colors.font().getFamily(), FontWeight.BOLD, labelSize);
        g.setFont(bold);
        double fh = labelSize * 1.35;
        String row = fitted(LabelThinning.fit(labels[h.query()], MAX_LABEL_CHARS), bold, px - 6);
        String col = fitted(LabelThinning.fit(labels[h.key()], MAX_LABEL_CHARS), bold, py - 6);
        g.setFill(colors.get(CanvasColors.Role.PANEL));
        g.fillRect(0, c.getY() - fh / 2, px - 1, fh);
        g.fillRect(c.getX() - fh / 2, 0, fh, py - 1);
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

    private void valueBox(GraphicsContext g, Cell h, Point2D c) {
        String text = valueText.apply(h);
        if (text.isEmpty()) return;
        Font f = font(colors.font().getSize() * 0.9);
        Text probe = new Text(text);
        probe.setFont(f);
        double w = probe.getLayoutBounds().getWidth() + 10, hh = probe.getLayoutBounds().getHeight() + 6;
        double x = c.getX() + cw() / 2 + 6, y = c.getY() + ch() / 2 + 6;
        if (x + w > getWidth()) x = c.getX() - cw() / 2 - 6 - w;
        if (y + hh > getHeight()) y = c.getY() - ch() / 2 - 6 - hh;
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
        pressOx = viewport.ox();
        pressOy = viewport.oy();
        dragged = false;
    }

    private void dragged(MouseEvent e) {
        if (viewport.zoom() <= 1) return;
        if (Math.abs(e.getX() - pressX) + Math.abs(e.getY() - pressY) > 3) dragged = true;
        viewport.set(viewport.zoom(), pressOx - (e.getX() - pressX) / cw(), pressOy - (e.getY() - pressY) / ch());
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() != MouseButton.PRIMARY || dragged) return;
        if (e.getClickCount() == 2) {
            viewport.fit();
            return;
        }
        Cell c = cellAt(e.getX(), e.getY());
        if (c != null) selected.set(c);
    }

    private void scrolled(ScrollEvent e) {
        if (T == 0 || e.getDeltaY() == 0) return;
        double cx = viewport.ox() + (e.getX() - px) / cw(), cy = viewport.oy() + (e.getY() - py) / ch(); // cell under the mouse
        double zoom = viewport.zoom() * (e.getDeltaY() > 0 ? 1.25 : 0.8);
        double k = Math.max(1, Math.min(Math.max(1, T / 4.0), zoom)) / viewport.zoom(); // cells shrink by this
        viewport.set(zoom, cx - (cx - viewport.ox()) / k, cy - (cy - viewport.oy()) / k);
        e.consume();
    }

    /** Scrolls so the cell is visible when zoomed in (keyboard navigation). */
    public void reveal(Cell c) {
        if (viewport.zoom() <= 1 || c == null) return;
        double n = viewport.visible(), ox = viewport.ox(), oy = viewport.oy();
        if (c.key() < ox || c.key() + 1 > ox + n) ox = c.key() - n / 2;
        if (c.query() < oy || c.query() + 1 > oy + n) oy = c.query() - n / 2;
        viewport.set(viewport.zoom(), ox, oy);
    }
}
