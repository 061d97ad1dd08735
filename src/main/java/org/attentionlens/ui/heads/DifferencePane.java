package org.attentionlens.ui.heads;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixColouring;

import java.util.ArrayList;
import java.util.List;

/** Two heads' weights on the same text and their difference A − B. */
final class DifferencePane extends VBox {
    private final HeadTableViewModel vm;
    private final ComboBox<String> pickA = new ComboBox<>(), pickB = new ComboBox<>();
    private final HeatmapView viewA = new HeatmapView(), viewB = new HeatmapView(), diff = new HeatmapView();
    private final Label titleA = new Label(), titleB = new Label(), title = new Label();

    DifferencePane(HeadTableViewModel vm) {
        super(6);
        this.vm = vm;
        pickA.setTooltip(Tips.of("Head A (layer.head)"));
        pickB.setTooltip(Tips.of("Head B (layer.head)"));
        HBox bar = new HBox(8, new Label("Head A"), pickA, new Label("minus head B"), pickB, MatrixPanes.hideSinks(vm));
        bar.setAlignment(Pos.CENTER_LEFT);
        GridPane grid = MatrixPanes.columns(List.of(titleA, titleB, title), List.of(viewA, viewB, diff));
        getChildren().addAll(bar, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        setPadding(new Insets(6));
        pickA.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.headAProperty().set(b.intValue());
        });
        pickB.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.headBProperty().set(b.intValue());
        });
        vm.headAProperty().addListener((o, a, b) -> pickA.getSelectionModel().select(b.intValue()));
        vm.headBProperty().addListener((o, a, b) -> pickB.getSelectionModel().select(b.intValue()));
        vm.state().modelProperty().addListener((o, a, m) -> fillPickers());
        vm.differenceProperty().addListener((o, a, d) -> show(d));
        vm.hideSinksProperty().addListener(o -> show(vm.differenceProperty().get()));
        fillPickers();
        show(vm.differenceProperty().get());
    }

    private void fillPickers() {
        ModelSpec c = vm.state().model() == null ? null : vm.state().model().config();
        List<String> names = new ArrayList<>();
        if (c != null)
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) names.add(l + "." + h);
        pickA.getItems().setAll(names);
        pickB.getItems().setAll(names);
        pickA.getSelectionModel().select(vm.headAProperty().get());
        pickB.getSelectionModel().select(vm.headBProperty().get());
    }

    private void show(HeadTableViewModel.Difference d) {
        if (d == null) {
            for (HeatmapView v : List.of(viewA, viewB, diff)) v.showHint(AppState.EMPTY_HINT);
            titleA.setText("Head A");
            titleB.setText("Head B");
            title.setText("A − B");
            return;
        }
        String[] labels = d.trace().tokens().display();
        HeadMatrices a = d.a(), b = d.b();
        titleA.setText("Head A = " + a.layer() + "." + a.head());
        titleB.setText("Head B = " + b.layer() + "." + b.head());
        title.setText("A − B: orange where A attends more, blue where B does");
        boolean[] hidden = vm.hiddenColumns(d.trace());
        MatrixPanes.weights(viewA, a, labels, hidden);
        MatrixPanes.weights(viewB, b, labels, hidden);
        int T = a.T();
        MatrixPanes.matrix(diff, d.diff(), labels, MatrixColouring.Kind.DIVERGING, a::masked, hidden);
        diff.setValueText(c -> a.masked(c.query(), c.key()) ? "masked"
                : "Δα " + HeadTableFormat.num(d.diff()[c.query() * T + c.key()]));
    }
}
