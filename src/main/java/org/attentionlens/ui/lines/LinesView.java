package org.attentionlens.ui.lines;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.ui.common.CanvasColors;
import org.attentionlens.viz.HeadColors;
import org.attentionlens.viz.LabelThinning;

import java.util.concurrent.CompletableFuture;

/**
 * BertViz's "head view": the tokens twice, queries on the left and keys on the right, joined by lines whose
 * opacity is the softmax weight; for the selected head, or every head of the layer in its own colour.
 * The selected query's lines are drawn strongly, the rest faintly; hovering a left token shows its lines.
 */
public final class LinesView extends BorderPane {
    /** Lines lighter than this are not drawn (invisible anyway, and T² of them at long inputs). */
    private static final float MIN_WEIGHT = 0.01f;
    private static final double MAX_CANVAS = 8000;

    private final AppState state;
    private final CheckBox allHeads = new CheckBox("All heads of the layer");
    private final Canvas canvas = new Canvas();
    private final CanvasColors colors = new CanvasColors();
    private final HBox legend = new HBox(6);
    private final ScrollPane scroll;
    private float[][] weights = new float[0][]; // (heads drawn)(T, T)
    private int[] headIds = new int[0];
    private AttentionTrace shown;
    private int focus = -1;
    private long generation;
    private boolean active = true, stale;

    public LinesView(AppState state) {
        this.state = state;
        getStyleClass().add("lines-view");
        allHeads.setTooltip(new Tooltip("Draw every head of the selected layer at once, one colour per head"));
        Label hint = new Label("Left: queries · right: keys · line opacity = softmax weight. Hover a left token for its lines; click to select it.");
        hint.getStyleClass().add("muted");
        HBox top = new HBox(16, allHeads, legend, hint);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        setTop(top);
        Pane holder = new Pane(colors, canvas);
        scroll = new ScrollPane(holder);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        canvas.widthProperty().bind(scroll.widthProperty().subtract(20));
        canvas.widthProperty().addListener((o, a, b) -> draw());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> {
            if (a.getHeight() != b.getHeight()) draw();
        });
        colors.onChange(this::draw);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            int i = rowAt(e.getY());
            if (i != focus) {
                focus = i;
                draw();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            focus = -1;
            draw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int i = rowAt(e.getY());
            if (i >= 0) state.selectQuery(i);
        });
        allHeads.selectedProperty().addListener((o, a, b) -> refresh());
        state.traceProperty().addListener((o, a, b) -> refresh());
        state.layerProperty().addListener((o, a, b) -> refresh());
        state.headProperty().addListener((o, a, b) -> refresh());
        state.queryProperty().addListener((o, a, b) -> draw());
        refresh();
    }

    /** Whether the view is on screen; while it is not, new traces only mark it stale (no work off screen). */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) refresh();
    }

    public CheckBox allHeadsToggle() {
        return allHeads;
    }

    private void refresh() {
        stale = !active;
        if (stale) return;
        AttentionTrace t = state.trace();
        long gen = ++generation;
        if (t == null) {
            shown = null;
            weights = new float[0][];
            draw();
            return;
        }
        int l = state.layer(), H = t.config().heads();
        int[] heads = allHeads.isSelected() ? java.util.stream.IntStream.range(0, H).toArray() : new int[]{state.head()};
        CompletableFuture.supplyAsync(() -> {
            float[][] w = new float[heads.length][];
            for (int k = 0; k < heads.length; k++) w[k] = t.head(l, heads[k]).weights();
            return w;
        }, state.executor()).whenComplete((w, x) -> Platform.runLater(() -> {
            if (gen != generation || x != null) return;
            shown = t;
            weights = w;
            headIds = heads;
            legend();
            draw();
        }));
    }

    private void legend() {
        legend.getChildren().clear();
        if (headIds.length < 2) return;
        for (int h : headIds) {
            Label l = new Label("H" + h);
            int c = HeadColors.argb(h, headIds.length);
            l.setTextFill(CanvasColors.of(c));
            l.getStyleClass().add("strong");
            legend.getChildren().add(l);
        }
    }

    /** Rows fill the visible height for short texts (up to 3 lines of text each), shrink for long ones. */
    private double rowHeight() {
        int T = shown == null ? 1 : shown.length();
        double f = colors.font().getSize();
        double fill = Math.min(f * 3, Math.max(f * 1.7, (scroll.getViewportBounds().getHeight() - 24) / T));
        return Math.max(3, Math.min(fill, MAX_CANVAS / T));
    }

    private int rowAt(double y) {
        if (shown == null) return -1;
        int i = (int) ((y - 10) / rowHeight());
        return i >= 0 && i < shown.length() ? i : -1;
    }

    private void draw() {
        if (!active) return;
        int T = shown == null ? 0 : shown.length();
        double rh = rowHeight();
        canvas.setHeight(T == 0 ? 100 : T * rh + 20);
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.clearRect(0, 0, w, canvas.getHeight());
        if (T == 0) {
            g.setFill(colors.get(CanvasColors.Role.MUTED));
            g.setFont(colors.font());
            g.fillText(AppState.EMPTY_HINT, 20, 40);
            return;
        }
        double xl = w * 0.36, xr = w * 0.64;
        int active = focus >= 0 ? focus : state.query();
        Color accent = colors.get(CanvasColors.Role.ACCENT);
        for (int k = 0; k < weights.length; k++) {
            float[] a = weights[k]; // (T, T)
            Color base = headIds.length > 1 ? CanvasColors.of(HeadColors.argb(headIds[k], headIds.length)) : accent;
            double scaleOthers = 0.22 / Math.max(1, Math.sqrt(T / 16.0)), lineW = headIds.length > 1 ? 1.5 : 2;
            g.setLineWidth(lineW);
            for (int i = 0; i < T; i++) {
                double strength = i == active ? 1 : scaleOthers;
                for (int j = 0; j < T; j++) {
                    float v = a[i * T + j];
                    if (v < MIN_WEIGHT) continue;
                    g.setStroke(base.deriveColor(0, 1, 1, Math.min(1, v * strength)));
                    g.strokeLine(xl + 8, 10 + (i + 0.5) * rh, xr - 8, 10 + (j + 0.5) * rh);
                }
            }
        }
        Font f = Font.font(colors.font().getFamily(), Math.min(colors.font().getSize(), rh * 0.9));
        Font bold = Font.font(f.getFamily(), FontWeight.BOLD, f.getSize());
        int stride = LabelThinning.stride(rh, f.getSize() * 1.1);
        String[] labels = shown.tokens().display();
        g.setTextBaseline(VPos.CENTER);
        for (int i = 0; i < T; i++) {
            if (!LabelThinning.shown(i, stride) && i != active) continue;
            double y = 10 + (i + 0.5) * rh;
            String s = LabelThinning.fit(labels[i], 16);
            g.setFont(i == active ? bold : f);
            g.setFill(i == active ? accent : colors.get(CanvasColors.Role.TEXT));
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(s, xl, y);
            g.setFill(colors.get(CanvasColors.Role.TEXT));
            g.setFont(f);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(s, xr, y);
        }
    }

}
