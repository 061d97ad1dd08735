package org.attentionlens.ui.grid;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;

/**
 * BertViz's "model view" as matrices: every layer × head's softmax weights as a thumbnail (see
 * {@link ModelGridViewModel}). Under grouped-query attention the query heads stand in a band per key/value head they
 * share; a layer with a sliding window carries its window beside its name. Thumbnails are shown at a whole number of
 * screen pixels per cell, never smoothed, never smaller than {@link #MIN_THUMB} (the grid scrolls instead). Click one
 * to open it in the Heads tab.
 */
public final class ModelGridView extends BorderPane {
    /** Thumbnails never shrink below this many pixels: 512 heads scroll rather than turn to dots. */
    public static final double MIN_THUMB = 36;
    private static final double GAP = 4, GROUP_GAP = 10, LABEL = 30;

    private final ModelGridViewModel vm;
    private final Runnable openHead;
    private final GridPane grid = new GridPane();
    private final ScrollPane scroll = new ScrollPane(grid);
    private final Label caption = new Label();
    private final Label legend = new Label();
    private final ToggleButton hideSinks = new ToggleButton("Hide sinks");
    private StackPane[][] cells = new StackPane[0][0];
    private ImageView[][] thumbs = new ImageView[0][0];
    private final List<Node> bands = new ArrayList<>();
    private final List<Label> windowBadges = new ArrayList<>();
    private int groupsShown = -1;

    public ModelGridView(ModelGridViewModel vm, Runnable openHead) {
        this.vm = vm;
        this.openHead = openHead;
        getStyleClass().add("model-grid");
        grid.setHgap(GAP);
        grid.setVgap(GAP);
        grid.setAlignment(Pos.TOP_LEFT);
        grid.getStyleClass().add("model-grid-cells");
        scroll.setId("model-grid-scroll");
        scroll.getStyleClass().add("model-grid-scroll");
        caption.getStyleClass().add("view-title");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        legend.getStyleClass().add("muted");
        legend.setWrapText(true);
        legend.setId("model-grid-legend");
        hideSinks.setId("grid-hide-sinks");
        hideSinks.setMinWidth(Region.USE_PREF_SIZE);
        hideSinks.setTooltip(new Tooltip("Leave out the first key (the sink, where Llama-family heads park most of "
                + "their weight) and scale each head to its own largest remaining weight"));
        hideSinks.selectedProperty().bindBidirectional(vm.hideSinksProperty());
        HBox top = new HBox(12, caption, hideSinks);
        HBox.setHgrow(caption, Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(2, top, legend);
        setTop(header);
        BorderPane.setMargin(header, new Insets(8, 8, 4, 8));
        setCenter(scroll);
        BorderPane.setMargin(scroll, new Insets(4, 8, 8, 8));
        AppState s = vm.state();
        vm.thumbnailsProperty().addListener((o, a, t) -> show(t));
        vm.errorProperty().addListener((o, a, e) -> showCaption());
        s.traceProperty().addListener((o, a, b) -> showCaption());
        s.layerProperty().addListener((o, a, b) -> mark());
        s.headProperty().addListener((o, a, b) -> mark());
        scroll.viewportBoundsProperty().addListener((o, a, b) -> resize());
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

    /** The bands of the key/value groups, in head order (none without grouped-query attention). */
    public List<Node> bands() {
        return List.copyOf(bands);
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
        if (cells.length != L || (L > 0 && cells[0].length != H) || groupsShown != t.groups().size()) build(t);
        for (int l = 0; l < L; l++) {
            for (int h = 0; h < H; h++) thumbs[l][h].setImage(t.images()[l][h]);
            String w = t.windows().get(l);
            windowBadges.get(l).setText(w.isEmpty() ? "" : "⟷ " + w.substring("window ".length()));
            windowBadges.get(l).setTooltip(w.isEmpty() ? null : new Tooltip("Layer " + l + " attends within a sliding "
                    + w + " tokens: keys further back are masked"));
        }
        legend.setText(legend(t));
        resize();
        mark();
    }

    private static String legend(ModelGridViewModel.Thumbnails t) {
        int H = t.heads(), Hkv = t.groups().size();
        long windowed = t.windows().stream().filter(w -> !w.isEmpty()).count();
        String s = Hkv == H ? "" : Hkv == 1 ? "All " + H + " query heads read one key/value head (multi-query attention). "
                : "Grouped-query attention: " + H + " query heads over " + Hkv + " key/value heads; each band holds the "
                + H / Hkv + " heads that read the same keys and values. ";
        if (windowed > 0) s += windowed + " of " + t.layers() + " layers see only a sliding window of recent tokens (⟷ beside the layer). ";
        if (t.sinksHidden()) s += "Sinks hidden: key 0 left out, each head on its own scale.";
        return s.trim();
    }

    private int column(ModelGridViewModel.Thumbnails t, int h) {
        int n = t.heads() / t.groups().size();
        return 1 + h + (t.groups().size() < t.heads() ? h / n : 0); // one gap column before each later group
    }

    private void build(ModelGridViewModel.Thumbnails t) {
        int L = t.layers(), H = t.heads();
        boolean grouped = t.groups().size() < H;
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        bands.clear();
        windowBadges.clear();
        groupsShown = t.groups().size();
        for (int c = 0; c <= column(t, H - 1); c++) grid.getColumnConstraints().add(new ColumnConstraints());
        if (grouped) // the column before each later group is a gap between the bands
            for (ModelGridViewModel.Group g : t.groups())
                if (g.first() > 0) grid.getColumnConstraints().get(column(t, g.first()) - 1).setPrefWidth(GROUP_GAP - GAP);
        if (grouped)
            for (ModelGridViewModel.Group g : t.groups()) {
                Region band = new Region();
                band.getStyleClass().addAll("kv-band", g.kvHead() % 2 == 0 ? "kv-band-even" : "kv-band-odd");
                band.setId("kv-band-" + g.kvHead());
                band.setUserData(g);
                grid.add(band, column(t, g.first()), 0, g.count(), L + 2);
                Label name = new Label(g.label());
                name.getStyleClass().add("kv-band-label");
                name.setMinWidth(0);
                name.setTooltip(new Tooltip("Key/value head " + g.kvHead() + ": " + g.label().substring(g.label().indexOf('·') + 2)
                        + " read the same keys and values (one cache for all of them)"));
                grid.add(name, column(t, g.first()), 0, g.count(), 1);
                bands.add(band);
            }
        cells = new StackPane[L][H];
        thumbs = new ImageView[L][H];
        for (int h = 0; h < H; h++) grid.add(axis("H" + h), column(t, h), 1);
        for (int l = 0; l < L; l++) {
            Label badge = new Label();
            badge.getStyleClass().add("window-badge");
            badge.setId("window-layer-" + l);
            VBox name = new VBox(0, axis("L" + l), badge);
            name.setAlignment(Pos.CENTER_LEFT);
            windowBadges.add(badge);
            grid.add(name, 0, l + 2);
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
                grid.add(cell, column(t, h), l + 2);
            }
        }
    }

    private static Label axis(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("muted");
        l.setMinWidth(LABEL - 6);
        return l;
    }

    /**
     * Each thumbnail as large as the view allows (width and height) at a whole number of screen pixels per matrix
     * cell, but never below {@link #MIN_THUMB}: then the grid scrolls.
     */
    private void resize() {
        ModelGridViewModel.Thumbnails t = vm.thumbnailsProperty().get();
        if (cells.length == 0 || t == null) return;
        int L = cells.length, H = cells[0].length, groups = t.groups().size() < H ? t.groups().size() : 1;
        double w = scroll.getViewportBounds().getWidth() - LABEL - 8 - (GAP + 4) * H - GROUP_GAP * (groups - 1);
        double h = scroll.getViewportBounds().getHeight() - 2 * 24 - (GAP + 4) * L;
        double room = Math.max(MIN_THUMB, Math.floor(Math.min(w / H, h / L)));
        int cellsAcross = t.trace().thumbnails().side();
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
