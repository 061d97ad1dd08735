package org.attentionlens.ui.grid;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import org.attentionlens.ui.state.AppState;

/**
 * BertViz's "model view" as matrices: every layer × head's softmax weights as a thumbnail (see
 * {@link ModelGridViewModel}). Thumbnails are shown at a whole number of screen pixels per cell, never smoothed.
 * Click one to open it in the Heads tab.
 */
public final class ModelGridView extends BorderPane {
    private final ModelGridViewModel vm;
    private final Runnable openHead;
    private final GridPane grid = new GridPane();
    private final Label caption = new Label();
    private StackPane[][] cells = new StackPane[0][0];
    private ImageView[][] thumbs = new ImageView[0][0];

    public ModelGridView(ModelGridViewModel vm, Runnable openHead) {
        this.vm = vm;
        this.openHead = openHead;
        getStyleClass().add("model-grid");
        grid.setHgap(4);
        grid.setVgap(4);
        grid.setAlignment(Pos.TOP_LEFT);
        caption.getStyleClass().add("view-title");
        caption.setWrapText(true);
        setTop(caption);
        BorderPane.setMargin(caption, new Insets(8, 8, 4, 8));
        setCenter(grid);
        BorderPane.setMargin(grid, new Insets(4, 8, 8, 8));
        AppState s = vm.state();
        vm.thumbnailsProperty().addListener((o, a, t) -> show(t));
        vm.errorProperty().addListener((o, a, e) -> showCaption());
        s.traceProperty().addListener((o, a, b) -> showCaption());
        s.layerProperty().addListener((o, a, b) -> mark());
        s.headProperty().addListener((o, a, b) -> mark());
        widthProperty().addListener((o, a, b) -> resize());
        heightProperty().addListener((o, a, b) -> resize());
        show(vm.thumbnailsProperty().get());
    }

    public ModelGridViewModel viewModel() {
        return vm;
    }

    /** The thumbnail image of a head (tests compare pixels). */
    public WritableImage thumbnail(int layer, int head) {
        return (WritableImage) thumbs[layer][head].getImage();
    }

    /** The clickable node of a head's thumbnail. */
    public Node thumbnailNode(int layer, int head) {
        return cells[layer][head];
    }

    private void showCaption() {
        AppState s = vm.state();
        String error = vm.errorProperty().get();
        caption.setText(!error.isEmpty() ? "Could not draw the heads: " + error
                : s.trace() == null ? AppState.EMPTY_HINT
                : vm.thumbnailsProperty().get() == null ? "Drawing " + s.trace().config().layers() * s.trace().config().heads() + " heads…"
                : "Every layer × head: softmax weights (query rows × key columns). Click a head to open it.");
    }

    private void show(ModelGridViewModel.Thumbnails t) {
        showCaption();
        if (t == null) {
            grid.setOpacity(0.4); // the old heads stay dimmed until the new ones arrive
            return;
        }
        grid.setOpacity(1);
        int L = t.layers(), H = t.heads();
        if (cells.length != L || (L > 0 && cells[0].length != H)) build(L, H);
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++) thumbs[l][h].setImage(t.images()[l][h]);
        resize();
        mark();
    }

    private void build(int L, int H) {
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
                    vm.select(ll, hh);
                    openHead.run();
                });
                cells[l][h] = cell;
                thumbs[l][h] = iv;
                grid.add(cell, h + 1, l + 1);
            }
        }
    }

    private static Label axis(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("muted");
        l.setMinWidth(24);
        return l;
    }

    /** Each thumbnail as large as the grid allows, at a whole number of screen pixels per matrix cell. */
    private void resize() {
        ModelGridViewModel.Thumbnails t = vm.thumbnailsProperty().get();
        if (cells.length == 0 || t == null) return;
        int L = cells.length, H = cells[0].length;
        double w = getWidth() - 16 - 28 - 4 * H, h = getHeight() - caption.getHeight() - 28 - 20 - 4 * L;
        double room = Math.max(16, Math.floor(Math.min(w / H, h / L)) - 4);
        int cellsAcross = Math.min(t.trace().length(), ModelGridViewModel.CELLS);
        double size = room >= cellsAcross ? Math.floor(room / cellsAcross) * cellsAcross : room;
        for (ImageView[] row : thumbs)
            for (ImageView iv : row) {
                iv.setFitWidth(size);
                iv.setFitHeight(size);
            }
    }

    private void mark() {
        AppState s = vm.state();
        for (int l = 0; l < cells.length; l++)
            for (int h = 0; h < cells[l].length; h++) {
                boolean on = l == s.layer() && h == s.head();
                if (on && !cells[l][h].getStyleClass().contains("selected")) cells[l][h].getStyleClass().add("selected");
                if (!on) cells[l][h].getStyleClass().remove("selected");
            }
    }
}
