package org.attentionlens.ui.lines;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.LabelThinning;

import java.util.List;

/**
 * BertViz's "head view": the tokens twice, queries on the left and keys on the right, joined by lines whose
 * opacity is the softmax weight; for the selected head, or every head of the layer in its own colour. Three layers:
 * the labels (drawn when the text or size changes), a picture of every row's faint lines (drawn off the FX thread,
 * see {@link LinesViewModel}), and an overlay with the hovered or selected rows' lines drawn strongly, the only
 * thing a hover repaints.
 */
public final class LinesView extends BorderPane {
    private static final double MAX_HEIGHT = 8000, TOP = 10;

    private final LinesViewModel vm;
    private final CheckBox allHeads = new CheckBox("All heads of the layer");
    private final Canvas labels = new Canvas(), overlay = new Canvas();
    private final ImageView picture = new ImageView();
    private final CanvasColors colors = new CanvasColors();
    private final FlowPane legend = new FlowPane(8, 2);
    private final Label status = new Label();
    private final ScrollPane scroll;
    private int focus = -1;
    private long overlayNanos;

    public LinesView(LinesViewModel vm) {
        this.vm = vm;
        getStyleClass().add("lines-view");
        allHeads.setTooltip(new Tooltip("Draw every head of the selected layer at once, one colour per head"));
        allHeads.selectedProperty().bindBidirectional(vm.allHeadsProperty());
        allHeads.setMinWidth(Region.USE_PREF_SIZE);
        Label hint = new Label("Left: queries · right: keys · line opacity = softmax weight. Hover a left token for its "
                + "lines; click to select it, Ctrl+click to add it.");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        status.getStyleClass().add("muted");
        legend.setId("lines-legend");
        HBox top = new HBox(16, allHeads, legend, hint, status);
        HBox.setHgrow(hint, Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        setTop(top);
        picture.setSmooth(false);
        picture.setMouseTransparent(true);
        labels.setMouseTransparent(true);
        Pane holder = new Pane(colors, labels, picture, overlay);
        scroll = new ScrollPane(holder);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        scroll.viewportBoundsProperty().addListener((o, a, b) -> relayout());
        colors.onChange(this::relayout);
        overlay.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(rowAt(e.getY())));
        overlay.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
        overlay.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int i = rowAt(e.getY());
            if (i < 0) return;
            if (e.isShortcutDown()) vm.state().toggleQuery(i);
            else vm.state().selectQuery(i);
        });
        vm.linesProperty().addListener((o, a, b) -> {
            legend();
            relayout();
        });
        vm.pictureProperty().addListener((o, a, p) -> {
            picture.setImage(p == null ? null : p.image());
            status.setText(vm.linesProperty().get() != null && p == null ? "Drawing…" : "");
        });
        vm.state().queriesProperty().addListener((o, a, b) -> drawOverlay());
        relayout();
    }

    public LinesViewModel viewModel() {
        return vm;
    }

    public CheckBox allHeadsToggle() {
        return allHeads;
    }

    /** Wall time of the last hover repaint (the overlay), for the benchmark. */
    public long overlayNanos() {
        return overlayNanos;
    }

    /** The row a pointer at y (in the lines' coordinates) is on, or -1. */
    public int rowAt(double y) {
        LinesViewModel.Lines ls = vm.linesProperty().get();
        if (ls == null) return -1;
        int i = (int) Math.floor((y - TOP) / rowHeight(ls.T()));
        return i >= 0 && i < ls.T() ? i : -1;
    }

    /** The y of row i's centre in the lines' coordinates (tests hover there). */
    public double rowY(int i) {
        LinesViewModel.Lines ls = vm.linesProperty().get();
        return ls == null ? 0 : TOP + (i + 0.5) * rowHeight(ls.T());
    }

    /** The canvas a pointer hovers (tests move there). */
    public Canvas overlay() {
        return overlay;
    }

    /** Hovers row i (-1: none): only the overlay repaints. */
    public void hover(int i) {
        if (i == focus) return;
        focus = i;
        drawOverlay();
    }

    /** One colour swatch and name per head, coloured inline so the stylesheet's label colour does not win. */
    private void legend() {
        legend.getChildren().clear();
        LinesViewModel.Lines ls = vm.linesProperty().get();
        if (ls == null || ls.heads().length < 2) return;
        for (int k = 0; k < ls.heads().length; k++) {
            Label l = new Label("H" + ls.heads()[k]);
            l.setStyle(String.format("-fx-text-fill: #%06x; -fx-font-weight: bold;", ls.colours()[k]));
            legend.getChildren().add(l);
        }
    }

    /** Rows fill the visible height for short texts (up to 3 lines of text each), shrink for long ones. */
    private double rowHeight(int T) {
        double f = colors.font().getSize();
        double fill = Math.min(f * 3, Math.max(f * 1.4, (scroll.getViewportBounds().getHeight() - 2 * TOP) / T));
        return Math.max(3, Math.min(fill, MAX_HEIGHT / T));
    }

    private double xl() {
        return labels.getWidth() * 0.36;
    }

    private double xr() {
        return labels.getWidth() * 0.64;
    }

    /** Size, labels and the picture's geometry follow the view's width, the text and the font. */
    private void relayout() {
        LinesViewModel.Lines ls = vm.linesProperty().get();
        double w = Math.max(200, scroll.getViewportBounds().getWidth() - 2);
        int T = ls == null ? 0 : ls.T();
        double rh = rowHeight(Math.max(1, T)), h = T == 0 ? 100 : T * rh + 2 * TOP;
        for (Canvas c : List.of(labels, overlay)) {
            c.setWidth(w);
            c.setHeight(h);
        }
        double left = xl() + 8, right = xr() - 8;
        picture.setLayoutX(Math.floor(left));
        picture.setLayoutY(0);
        if (ls != null) {
            int rgb = (int) (Math.round(accent().getRed() * 255) << 16 | Math.round(accent().getGreen() * 255) << 8
                    | Math.round(accent().getBlue() * 255));
            vm.layout(new LinesViewModel.Geometry((int) Math.ceil(right - Math.floor(left)) + 1, (int) Math.ceil(h),
                    left - Math.floor(left), right - Math.floor(left), TOP, rh, rgb));
        }
        drawLabels();
        drawOverlay();
    }

    private Color accent() {
        return colors.get(CanvasColors.Role.ACCENT);
    }

    private void drawLabels() {
        GraphicsContext g = labels.getGraphicsContext2D();
        g.clearRect(0, 0, labels.getWidth(), labels.getHeight());
        LinesViewModel.Lines ls = vm.linesProperty().get();
        if (ls == null) {
            g.setFill(colors.get(CanvasColors.Role.MUTED));
            g.setFont(colors.font());
            g.setTextBaseline(VPos.TOP);
            g.fillText(vm.state().trace() == null ? AppState.EMPTY_HINT : "Drawing…", 20, 30);
            return;
        }
        int T = ls.T();
        double rh = rowHeight(T);
        Font f = labelFont(rh);
        int stride = LabelThinning.stride(rh, f.getSize() * 1.1);
        String[] text = ls.trace().tokens().display();
        g.setFont(f);
        g.setFill(colors.get(CanvasColors.Role.TEXT));
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < T; i += stride) {
            double y = TOP + (i + 0.5) * rh;
            String s = label(text, i, stride);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(s, xl(), y);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(s, xr(), y);
        }
    }

    private Font labelFont(double rh) {
        return Font.font(colors.font().getFamily(), Math.max(8, Math.min(colors.font().getSize(), rh * 0.9)));
    }

    private static String label(String[] text, int i, int stride) {
        String s = LabelThinning.fit(text[i], 16);
        return stride > 1 ? i + " " + s : s;
    }

    /** The highlighted rows' lines in full strength, with their labels in bold: the hovered row, else the selected. */
    private void drawOverlay() {
        long t0 = System.nanoTime();
        GraphicsContext g = overlay.getGraphicsContext2D();
        g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
        LinesViewModel.Lines ls = vm.linesProperty().get();
        if (ls == null) return;
        int T = ls.T();
        double rh = rowHeight(T), x0 = xl() + 8, x1 = xr() - 8;
        List<Integer> rows = focus >= 0 ? List.of(focus) : vm.state().queries();
        Color accent = accent();
        g.setLineWidth(ls.heads().length > 1 ? 1.5 : 2);
        for (int k = 0; k < ls.heads().length; k++) {
            float[] a = ls.weights()[k]; // (T, T)
            Color base = ls.colours()[k] < 0 ? accent : Color.rgb(ls.colours()[k] >> 16 & 0xff,
                    ls.colours()[k] >> 8 & 0xff, ls.colours()[k] & 0xff);
            for (int i : rows) {
                if (i >= T) continue;
                double y = TOP + (i + 0.5) * rh;
                for (int j = 0; j < T; j++) {
                    float v = a[i * T + j];
                    if (v < LinesViewModel.MIN_WEIGHT) continue;
                    g.setStroke(base.deriveColor(0, 1, 1, Math.min(1, v)));
                    g.strokeLine(x0, y, x1, TOP + (j + 0.5) * rh);
                }
            }
        }
        Font bold = Font.font(colors.font().getFamily(), FontWeight.BOLD, labelFont(rh).getSize());
        String[] text = ls.trace().tokens().display();
        g.setFont(bold);
        g.setTextBaseline(VPos.CENTER);
        g.setTextAlign(TextAlignment.RIGHT);
        for (int i : rows) {
            if (i >= T) continue;
            double y = TOP + (i + 0.5) * rh;
            g.setFill(colors.get(CanvasColors.Role.PANEL));
            g.fillRect(0, y - bold.getSize() * 0.7, xl() + 2, bold.getSize() * 1.4);
            g.setFill(accent);
            g.fillText(LabelThinning.fit(text[i], 16), xl(), y);
        }
        overlayNanos = System.nanoTime() - t0;
    }
}
