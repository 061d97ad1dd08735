package org.attentionlens.ui.head;

import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.controlsfx.control.SegmentedButton;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.ui.common.ScaleControls;
import org.attentionlens.ui.common.Viewport;

import java.util.List;
import java.util.Locale;

/**
 * The "Heads" tab: the selected head's raw scores, softmax weights and value contributions side by side
 * (hover one, all three highlight the cell), a readout of the hovered cell, and the selected cell's details.
 */
public final class HeadView extends BorderPane {
    private final HeadViewModel vm;
    private final HeatmapView scores = new HeatmapView(), weights = new HeatmapView(), contributions = new HeatmapView();
    private final Label title = new Label();
    private final Label readout = new Label();
    private final Label maskLegend = new Label();
    private final RowChart row = new RowChart();
    private final DistanceChart distance = new DistanceChart();
    private final ToggleButton beforeCap = new ToggleButton("before soft-cap");
    private final GridPane grid = new GridPane();
    private final VBox[] columns = new VBox[3];
    private int shown = -1; // the matrix shown alone, -1 for all three
    private boolean presentedAlone; // presentation mode chose the single matrix, not the user
    private final ToggleButton[] show = {new ToggleButton("All three"), new ToggleButton("Scores"),
            new ToggleButton("Weights"), new ToggleButton("Contributions")};

    public HeadView(HeadViewModel vm) {
        this.vm = vm;
        getStyleClass().add("head-view");
        Viewport shared = new Viewport(); // scroll or drag one matrix, all three follow
        for (HeatmapView h : matrices()) h.shareViewport(shared);
        createView();
        initListeners();
        show(vm.renderedProperty().get());
    }

    /**
     * Presentation mode: the cell-details panel and the row chart step aside so the matrices get the room (the
     * hover box still gives each cell's numbers).
     */
    public void setPresenting(boolean on) {
        for (javafx.scene.Node n : List.of(getRight(), row, distance, readout)) {
            n.setVisible(!on);
            n.setManaged(!on);
        }
        // The weights alone, filling the view, read from the back of a room; leaving restores all three.
        if (on && shown < 0) {
            showOnly(1);
            presentedAlone = true;
        } else if (!on && presentedAlone) {
            showOnly(-1);
        }
        if (!on) presentedAlone = false;
    }

    public List<HeatmapView> matrices() {
        return List.of(scores, weights, contributions);
    }

    public HeadViewModel viewModel() {
        return vm;
    }

    private void createView() {
        title.getStyleClass().add("view-title");
        readout.getStyleClass().add("readout");
        readout.setMaxWidth(Double.MAX_VALUE);
        grid.setHgap(12);
        columns[0] = column("1 · Raw scores  q·k/√Dh", "Before softmax. Blue below 0, orange above, white at 0; hatched = masked (future) keys.", scores);
        beforeCap.setId("scores-before-cap");
        beforeCap.setFocusTraversable(false);
        beforeCap.setTooltip(new Tooltip("Show the scores before the soft-cap cap·tanh(s/cap) bends them (Gemma 2): "
                + "large scores are squeezed towards ±cap, small ones pass almost unchanged"));
        beforeCap.selectedProperty().bindBidirectional(vm.beforeCapProperty());
        ((Label) columns[0].getChildren().get(0)).setGraphic(beforeCap);
        ((Label) columns[0].getChildren().get(0)).setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
        columns[1] = column("2 · Softmax weights  α", "Each row sums to 1: how query i spreads its attention over the keys.", weights);
        columns[2] = column("3 · Value contributions  ‖α·v W_O‖", "How much of key j's value actually reaches query i (Kobayashi et al. 2020): a large weight on a small value moves little.", contributions);
        RowConstraints rc = new RowConstraints();
        rc.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().add(rc);
        SegmentedButton which = new SegmentedButton(show);
        show[0].setTooltip(new Tooltip("The three matrices side by side"));
        for (int k = 1; k < 4; k++) show[k].setTooltip(new Tooltip("Only this matrix, as large as the window allows (for projectors and long texts)"));
        for (int k = 0; k < 4; k++) {
            int kk = k;
            show[k].setOnAction(e -> showOnly(kk - 1));
        }
        for (ToggleButton b : show) b.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(0);
        show[0].setSelected(true);
        showOnly(-1);
        ScaleControls scale = new ScaleControls(vm.optionsProperty());
        HBox controls = new HBox(8, scale, which);
        controls.setAlignment(Pos.CENTER_RIGHT);
        // The title and the controls share a line when there is room and wrap onto two when there is not.
        javafx.scene.layout.FlowPane header = new javafx.scene.layout.FlowPane(12, 4, title, controls);
        header.setAlignment(Pos.CENTER_LEFT);
        row.setPrefHeight(170);
        Tooltip.install(row, new Tooltip("The selected (or hovered) query's row: raw scores (above) and the softmax weights they become (below). Click a token or a cell to change the row."));
        maskLegend.setId("mask-legend");
        maskLegend.getStyleClass().add("muted");
        maskLegend.setWrapText(true);
        distance.setPrefHeight(170);
        HBox bottom = new HBox(10, row, distance);
        HBox.setHgrow(row, Priority.ALWAYS);
        VBox centre = new VBox(6, header, grid, maskLegend, readout, bottom);
        VBox.setVgrow(grid, Priority.ALWAYS);
        centre.setPadding(new Insets(8, 8, 6, 8));
        setCenter(centre);
        CellDetailsView details = new CellDetailsView(vm);
        ScrollPane side = new ScrollPane(details);
        side.setFitToWidth(true);
        side.getStyleClass().add("side-panel");
        side.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setRight(side);
        scores.setValueText(this::scoreText);
        weights.setValueText(c -> value(c, HeadMatrices::weight, "α"));
        contributions.setValueText(c -> value(c, HeadMatrices::contribution, "‖α·vW_O‖"));
    }

    /** Shows matrix k (0 scores, 1 weights, 2 contributions) alone, filling the view, or all three for k = -1. */
    public void showOnly(int k) {
        shown = k;
        presentedAlone = false;
        for (HeatmapView h : matrices()) h.setFill(k >= 0);
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        int n = k < 0 ? 3 : 1;
        for (int c = 0; c < n; c++) {
            grid.add(columns[k < 0 ? c : k], c, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / n);
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        show[k + 1].setSelected(true);
    }

    private static VBox column(String name, String tip, HeatmapView view) {
        Label l = new Label(name);
        l.getStyleClass().add("matrix-title");
        l.setTooltip(new Tooltip(tip));
        Tooltip.install(view, new Tooltip(tip + "\nHover: exact values · click: select the cell · scroll: zoom · drag: pan · double-click: fit"));
        VBox box = new VBox(2, l, view);
        VBox.setVgrow(view, Priority.ALWAYS);
        return box;
    }

    private interface CellValue {
        float at(HeadMatrices m, int i, int j);
    }

    private String value(Cell c, CellValue f, String name) {
        HeadViewModel.Rendered r = vm.renderedProperty().get();
        if (r == null) return "";
        HeadMatrices m = r.matrices();
        if (m.masked(c.query(), c.key())) return m.outsideWindow(c.query(), c.key()) ? "outside the window" : "masked";
        return name + " " + Numbers.compact(f.at(m, c.query(), c.key()));
    }

    /** The score, and in a soft-capped model what it was before the cap. */
    private String scoreText(Cell c) {
        String s = value(c, HeadMatrices::score, "score");
        HeadViewModel.Rendered r = vm.renderedProperty().get();
        if (r == null || r.beforeCap() == null || r.matrices().masked(c.query(), c.key())) return s;
        return "before the cap " + Numbers.compact(r.beforeCap().score(c.query(), c.key())) + " → " + s;
    }

    private void initListeners() {
        AppState s = vm.state();
        for (HeatmapView h : matrices()) {
            h.hoverCellProperty().bindBidirectional(vm.hoverProperty());
            h.selectedCellProperty().addListener((o, a, b) -> {
                if (b != null) s.selectCell(b);
            });
        }
        s.queriesProperty().addListener((o, a, b) -> {
            for (HeatmapView h : matrices()) h.setRows(b);
        });
        vm.meanRowProperty().addListener((o, a, b) -> updateRow());
        vm.errorProperty().addListener((o, a, e) -> {
            if (!e.isEmpty()) readout.setText("Could not draw the head: " + e);
        });
        ChangeListener<Number> sel = (o, a, b) -> syncSelection();
        s.queryProperty().addListener(sel);
        s.keyProperty().addListener(sel);
        vm.renderedProperty().addListener((o, a, b) -> show(b));
        s.busyProperty().addListener((o, a, b) -> {
            if (vm.renderedProperty().get() == null) show(null);
        });
        vm.hoverProperty().addListener((o, a, b) -> {
            updateReadout();
            updateRow();
        });
        vm.beforeCapProperty().addListener((o, a, b) -> show(vm.renderedProperty().get()));
    }

    private void syncSelection() {
        Cell c = vm.state().cell();
        for (HeatmapView h : matrices()) {
            h.selectedCellProperty().set(c);
            h.reveal(c);
        }
        updateReadout();
        updateRow();
    }

    private void updateRow() {
        HeadViewModel.Rendered r = vm.renderedProperty().get();
        if (r == null) {
            row.clear();
            return;
        }
        Cell c = vm.hoverProperty().get();
        String[] labels = r.trace().tokens().display();
        if (c == null && vm.meanRowProperty().get() != null) // several queries picked: their mean row
            row.show(vm.meanRowProperty().get(), labels, vm.state().key());
        else {
            if (c == null) c = vm.state().cell(); // hover previews a row
            row.show(r.matrices(), labels, c.query(), c.key());
        }
    }

    private void show(HeadViewModel.Rendered r) {
        AppState s = vm.state();
        if (r == null) {
            String hint = s.model() == null ? "Loading a model…"
                    : s.busyProperty().get() ? "Running " + s.model().displayName() + "…" : AppState.EMPTY_HINT;
            for (HeatmapView h : matrices()) h.showHint(hint);
            title.setText("");
            readout.setText("");
            updateRow();
            return;
        }
        HeadMatrices m = r.matrices();
        ModelSpec c = r.trace().config();
        String[] labels = r.trace().tokens().display();
        boolean capped = r.beforeCap() != null;
        beforeCap.setVisible(capped);
        beforeCap.setManaged(capped);
        show(scores, capped && beforeCap.isSelected() ? r.beforeCap().layer() : r.scores(), labels, m);
        show(weights, r.weights(), labels, m);
        show(contributions, r.contributions(), labels, m);
        for (HeatmapView h : matrices()) h.setRows(s.queries());
        boolean causal = c.causal();
        String share = AttentionText.kvShare(c, m.head()), window = AttentionText.window(c, m.layer());
        title.setText(String.format(Locale.ROOT, "Layer %d · Head %d · %s tokens · %s%s%s%s", m.layer(), m.head(),
                AttentionText.count(m.T()), causal ? "causal" : "encoder", share.isEmpty() ? "" : " · " + share,
                window.isEmpty() ? "" : " · " + window, capped ? " · " + AttentionText.softcap(c) : ""));
        maskLegend.setText(maskLegend(c, m));
        distance.show(r.distance(), c.attention().window(m.layer()));
        title.setTooltip(new Tooltip(causal ? "Causal: each token sees itself and the tokens before it (the hatched "
                + "cells are masked)." : "Encoder: every token sees every token, before and after it."));
        syncSelection();
    }

    private static void show(HeatmapView v, HeadViewModel.Layer layer, String[] labels, HeadMatrices m) {
        v.setMatrix(layer.image(), labels, layer.scale(), m::masked, layer.perRow());
        if (m.mask().windowed()) v.setOutsideWindow(m::outsideWindow);
    }

    /** What the hatching means in this layer: the causal mask, and the window apart from it. */
    private static String maskLegend(ModelSpec c, HeadMatrices m) {
        if (!c.causal()) return "";
        String s = "╱ grey: a later key (the causal mask)";
        return m.mask().windowed() ? s + "   ╲ teal: " + AttentionText.outsideWindow(c, m.layer()) + " (a key "
                + AttentionText.count(m.mask().window()) + " or more positions back)" : s;
    }

    private void updateReadout() {
        HeadViewModel.Rendered r = vm.renderedProperty().get();
        Cell c = vm.hoverProperty().get();
        if (c == null) c = vm.state().cell();
        if (r == null || c.query() >= r.matrices().T() || c.key() >= r.matrices().T()) {
            readout.setText("");
            return;
        }
        HeadMatrices m = r.matrices();
        String[] t = r.trace().tokens().display();
        int i = c.query(), j = c.key();
        readout.setText(String.format(Locale.ROOT, "query %d “%s” → key %d “%s”:   score %s   ·   weight %s   ·   contribution %s%s",
                i, t[i], j, t[j], Numbers.compact(m.score(i, j)), Numbers.compact(m.weight(i, j)),
                Numbers.compact(m.contribution(i, j)), m.masked(i, j) ? "   (masked)" : ""));
    }
}
