package org.attentionlens.ui.heads;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The "Head table" tab: the table of every head's measures ({@link HeadTable}) over one pane per analysis of the
 * selected head: the same head on a second text, the difference of two heads, an ablation and the attention
 * rollout. Their numbers and texts come from {@link HeadTableViewModel}; work runs only while the tab is shown.
 */
public final class HeadTableView extends BorderPane {
    private final HeadTableViewModel vm;
    private final Runnable openHeads;
    private final HeadTable table;
    private final AblationPane ablation;

    /**
     * @param showing whether the tab is selected: the measures, rollout and difference run only while it is (a hidden
     *                table recomputing them after every pass took both cores from the views on screen)
     */
    public HeadTableView(HeadTableViewModel vm, Runnable openHeads, ObservableBooleanValue showing) {
        this.vm = vm;
        this.openHeads = openHeads;
        getStyleClass().add("head-table-view");
        getStylesheets().add(HeadTableView.class.getResource("heads.css").toExternalForm());
        table = new HeadTable(vm, this::open);
        ablation = new AblationPane(vm);
        setTop(status());
        TabPane analyses = new TabPane(new Tab("Two texts, one head", new ComparisonPane(vm)),
                new Tab("Head A − head B", new DifferencePane(vm)), new Tab("Ablation", ablation),
                new Tab("Attention rollout", new RolloutPane(vm)));
        analyses.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(table, analyses);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        setCenter(split);
        showing.addListener((o, a, on) -> vm.setActive(on));
        vm.setActive(showing.get());
    }

    public HeadTableViewModel viewModel() {
        return vm;
    }

    HeadTable table() {
        return table;
    }

    HeadGridView ablationGrid() {
        return ablation.grid();
    }

    private VBox status() {
        Label note = new Label();
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.textProperty().bind(vm.noteProperty());
        Label error = new Label();
        error.getStyleClass().add("message");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(200);
        progress.progressProperty().bind(vm.progressProperty());
        progress.managedProperty().bind(vm.computingProperty());
        progress.visibleProperty().bind(vm.computingProperty());
        Label legend = new Label(HeadTableFormat.kindLegend());
        legend.getStyleClass().add("kind-legend");
        legend.setWrapText(true);
        legend.setTooltip(Tips.of(HeadTableViewModel.kindRules()));
        Button open = new Button("Open in Heads tab");
        open.setTooltip(Tips.of("Show the selected head's scores, weights and contributions (double-click a row or press "
                + "Enter does the same)."));
        open.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        HBox bar = new HBox(10, progress, note, open);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(note, Priority.ALWAYS);
        VBox top = new VBox(4, bar, legend, error);
        top.setPadding(new Insets(6, 10, 4, 10));
        return top;
    }

    private void open(HeadRow r) {
        if (r == null) return;
        vm.select(r);
        openHeads.run();
    }
}
