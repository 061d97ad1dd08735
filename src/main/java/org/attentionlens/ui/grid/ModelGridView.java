package org.attentionlens.ui.grid;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * BertViz's "model view" as matrices: every layer × head's softmax weights as a thumbnail, rasterised in
 * parallel off the FX thread from block-max downsampled matrices (long texts stay sharp and small: only
 * the thumbnails are kept, never the L·H full matrices). Click one to open it in the Heads tab.
 */
public final class ModelGridView extends BorderPane {
    /** Thumbnails are at most this many pixels a side before the view scales them. */
    public static final int THUMB = 96;

    private final AppState state;
    private final Runnable openHead;
    private final GridPane grid = new GridPane();
    private final Label caption = new Label();
    private StackPane[][] cells = new StackPane[0][0];
    private ImageView[][] thumbs = new ImageView[0][0];
    private long generation;
    private boolean active = true, stale;
    private double lastDrawMs = -1;

    public ModelGridView(AppState state, Runnable openHead) {
        this.state = state;
        this.openHead = openHead;
        getStyleClass().add("model-grid");
        grid.setHgap(4);
        grid.setVgap(4);
        grid.setAlignment(Pos.TOP_LEFT);
        caption.getStyleClass().add("view-title");
        caption.setText("Every layer × head: softmax weights (query rows × key columns). Click a head to open it.");
        setTop(caption);
        BorderPane.setMargin(caption, new Insets(8, 8, 4, 8));
        setCenter(grid);
        BorderPane.setMargin(grid, new Insets(4, 8, 8, 8));
        state.traceProperty().addListener((o, a, b) -> render(b));
        state.layerProperty().addListener((o, a, b) -> mark());
        state.headProperty().addListener((o, a, b) -> mark());
        widthProperty().addListener((o, a, b) -> resize());
        heightProperty().addListener((o, a, b) -> resize());
        render(state.trace());
    }

    /** Milliseconds from a new trace to every thumbnail on screen, or -1 before the first. */
    public double lastDrawMs() {
        return lastDrawMs;
    }

    /** The thumbnail image of a head (tests compare pixels). */
    public WritableImage thumbnail(int layer, int head) {
        return (WritableImage) thumbs[layer][head].getImage();
    }

    /** The clickable node of a head's thumbnail. */
    public javafx.scene.Node thumbnailNode(int layer, int head) {
        return cells[layer][head];
    }

    /** One head's weights as a thumbnail of at most side × side pixels; any thread. */
    public static WritableImage thumbnail(AttentionTrace trace, int layer, int head, int side) {
        HeadMatrices m = trace.head(layer, head);
        int T = m.T(), S = Math.min(T, side);
        float[] small = MatrixRaster.downsampleMax(m.weights(), T, side); // (S, S)
        return MatrixRaster.toImage(MatrixRaster.rasterize(small, S, m.causal(), ValueScale.weights()), S, S);
    }

    /** Whether the view is on screen; while it is not, new traces only mark it stale (no work off screen). */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) render(state.trace());
    }

    private void render(AttentionTrace trace) {
        stale = !active;
        if (stale) return;
        long gen = ++generation;
        if (trace == null) {
            grid.getChildren().clear();
            cells = new StackPane[0][0];
            thumbs = new ImageView[0][0];
            return;
        }
        int L = trace.config().layers(), H = trace.config().heads();
        long t0 = System.nanoTime();
        long[] rastered = new long[1];
        CompletableFuture.supplyAsync(() -> {
            WritableImage[] images = IntStream.range(0, L * H).parallel()
                    .mapToObj(k -> thumbnail(trace, k / H, k % H, THUMB)).toArray(WritableImage[]::new);
            rastered[0] = System.nanoTime();
            return images;
        }, state.executor()).whenComplete((images, x) -> Platform.runLater(() -> {
            if (gen != generation) return;
            if (x != null) {
                state.reportTiming("Model view failed: " + x.getMessage());
                return;
            }
            long shown0 = System.nanoTime();
            build(L, H, images);
            long end = System.nanoTime();
            lastDrawMs = (end - t0) / 1e6;
            state.reportTiming(String.format(Locale.ROOT,
                    "model view: %d heads at %d tokens in %.0f ms (rasterise %.0f, wait for the FX thread %.0f, show %.0f)",
                    L * H, trace.length(), lastDrawMs, (rastered[0] - t0) / 1e6, (shown0 - rastered[0]) / 1e6, (end - shown0) / 1e6));
        }));
    }

    private void build(int L, int H, WritableImage[] images) {
        if (cells.length != L || (L > 0 && cells[0].length != H)) {
            grid.getChildren().clear();
            cells = new StackPane[L][H];
            thumbs = new ImageView[L][H];
            for (int h = 0; h < H; h++) grid.add(axis("H" + h), h + 1, 0);
            for (int l = 0; l < L; l++) {
                grid.add(axis("L" + l), 0, l + 1);
                for (int h = 0; h < H; h++) {
                    ImageView iv = new ImageView();
                    iv.setSmooth(false);
                    iv.setPreserveRatio(true);
                    StackPane cell = new StackPane(iv);
                    cell.getStyleClass().add("thumb");
                    int ll = l, hh = h;
                    Tooltip.install(cell, new Tooltip("Layer " + l + " · Head " + h + ": click to open"));
                    cell.setOnMouseClicked(e -> {
                        state.selectHead(ll, hh);
                        openHead.run();
                    });
                    cells[l][h] = cell;
                    thumbs[l][h] = iv;
                    grid.add(cell, h + 1, l + 1);
                }
            }
        }
        for (int k = 0; k < L * H; k++) thumbs[k / H][k % H].setImage(images[k]);
        resize();
        mark();
    }

    private static Label axis(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("muted");
        l.setMinWidth(24);
        return l;
    }

    private void resize() {
        if (cells.length == 0) return;
        int L = cells.length, H = cells[0].length;
        double w = getWidth() - 16 - 28 - 4 * H, h = getHeight() - 60 - 20 - 4 * L;
        double size = Math.max(16, Math.floor(Math.min(w / H, h / L)) - 4);
        for (ImageView[] row : thumbs)
            for (ImageView iv : row) {
                iv.setFitWidth(size);
                iv.setFitHeight(size);
            }
    }

    private void mark() {
        for (int l = 0; l < cells.length; l++)
            for (int h = 0; h < cells[l].length; h++) {
                boolean on = l == state.layer() && h == state.head();
                if (on && !cells[l][h].getStyleClass().contains("selected")) cells[l][h].getStyleClass().add("selected");
                if (!on) cells[l][h].getStyleClass().remove("selected");
            }
    }
}
