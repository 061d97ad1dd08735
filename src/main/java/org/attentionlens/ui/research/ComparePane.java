package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.attentionlens.analysis.compare.CheckpointComparison;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.io.File;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Two checkpoints of one model: a sortable table of every head's statistics in A and B with deltas and how far its
 * weights moved, and the selected head's weights on the text in A, in B, and B − A.
 */
final class ComparePane extends VBox {
    private final CompareViewModel vm;
    private final TableView<CompareViewModel.Row> table = new TableView<>();
    private final HeatmapView inA = new HeatmapView(), inB = new HeatmapView(), diff = new HeatmapView();
    private final Label titleA = new Label("A"), titleB = new Label("B"), titleDiff = new Label("B − A");

    ComparePane(CompareViewModel vm) {
        super(6);
        this.vm = vm;
        TextField which = new TextField();
        which.setId("compare-with");
        which.setPromptText("checkpoint B: a model folder, or a built-in id");
        Button browse = new Button("Open folder…");
        browse.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Checkpoint B (a Hugging Face folder of the same model)");
            File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) {
                which.setText(dir.getAbsolutePath());
                vm.compareWith(dir.getAbsolutePath());
            }
        });
        Button compare = new Button("Compare");
        compare.setOnAction(e -> {
            if (!which.getText().isBlank()) vm.compareWith(which.getText().strip());
        });
        which.setOnAction(e -> compare.fire());
        HBox bar = new HBox(8, new Label("A = the loaded model; B ="), which, browse, compare);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(which, Priority.ALWAYS);

        table.setId("compare-table");
        table.setPlaceholder(new Label("Choose checkpoint B above: its heads appear here beside the loaded model's."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        add("Head", r -> r.a().layer() * 100_000.0 + r.a().head(), CompareViewModel.Row::name);
        add("Kind A → B", r -> r.a().kind().ordinal(), r -> r.a().kind().key() + " → " + r.b().kind().key());
        add("Prev. token A → B", r -> r.b().previousToken() - r.a().previousToken(),
                r -> pair(r.a().previousToken(), r.b().previousToken()));
        add("Induction A → B", r -> value(r.b().induction()) - value(r.a().induction()),
                r -> pair(value(r.a().induction()), value(r.b().induction())));
        add("Entropy A → B", r -> r.b().entropy() - r.a().entropy(), r -> pair(r.a().entropy(), r.b().entropy()));
        add("Mean |Δα|", CompareViewModel.Row::patternChange, r -> Numbers.compact(r.patternChange()));
        for (int k = 0; k < CheckpointComparison.MATRICES.size(); k++) {
            int m = k;
            add("Δ" + CheckpointComparison.MATRICES.get(k), r -> r.weights()[m], r -> Numbers.compact(r.weights()[m]));
        }
        vm.rowsProperty().addListener((o, a, rows) -> table.getItems().setAll(rows));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) vm.state().selectHead(r.a().layer(), r.a().head());
        });

        GridPane matrices = new GridPane();
        matrices.setHgap(10);
        List<Label> titles = List.of(titleA, titleB, titleDiff);
        List<HeatmapView> views = List.of(inA, inB, diff);
        for (int i = 0; i < 3; i++) {
            titles.get(i).setWrapText(true);
            VBox col = new VBox(2, titles.get(i), views.get(i));
            VBox.setVgrow(views.get(i), Priority.ALWAYS);
            matrices.add(col, i, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / 3);
            matrices.getColumnConstraints().add(cc);
        }
        RowConstraints tall = new RowConstraints();
        tall.setVgrow(Priority.ALWAYS);
        matrices.getRowConstraints().add(tall);
        SplitPane split = new SplitPane(table, matrices);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        getChildren().addAll(Research.header(vm, "Two checkpoints of one model (two steps of a training run, or a base "
                + "model and its fine-tune) on the same token ids: every head's statistics side by side, how far its "
                + "attention moved on this text (mean |Δα|) and how far its weight matrices moved (‖ΔW‖/‖W‖)."), bar, split);
        VBox.setVgrow(split, Priority.ALWAYS);
        vm.comparisonProperty().addListener(o -> showHead());
        vm.state().layerProperty().addListener(o -> showHead());
        vm.state().headProperty().addListener(o -> showHead());
        showHead();
    }

    TableView<CompareViewModel.Row> table() {
        return table;
    }

    private void add(String title, ToDoubleFunction<CompareViewModel.Row> key, Function<CompareViewModel.Row, String> text) {
        TableColumn<CompareViewModel.Row, CompareViewModel.Row> col = new TableColumn<>(title);
        col.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        col.setComparator(Comparator.comparing((CompareViewModel.Row r) -> Double.isNaN(key.applyAsDouble(r)))
                .thenComparingDouble(key));
        col.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(CompareViewModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : text.apply(r));
            }
        });
        table.getColumns().add(col);
    }

    private static double value(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static String pair(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return "—";
        return String.format(Locale.ROOT, "%.3f → %.3f (%s%.3f)", a, b, b >= a ? "+" : "−", Math.abs(b - a));
    }

    /** The selected head in A, in B and B − A. */
    private void showHead() {
        CheckpointComparison c = vm.comparisonProperty().get();
        if (c == null) {
            for (HeatmapView v : List.of(inA, inB, diff)) v.showHint("Choose checkpoint B above.");
            return;
        }
        int l = vm.state().layer(), h = vm.state().head();
        HeadMatrices a = c.traceA().head(l, h), b = c.traceB().head(l, h);
        String[] labels = c.traceA().tokens().display();
        int T = a.T();
        titleA.setText(String.format(Locale.ROOT, "A: head %d.%d", l, h));
        titleB.setText(String.format(Locale.ROOT, "B: head %d.%d", l, h));
        titleDiff.setText("B − A: orange where B attends more, blue where A does");
        matrix(inA, a.weights(), labels, ValueScale.weights(), a);
        matrix(inB, b.weights(), labels, ValueScale.weights(), a);
        float[] d = new float[T * T]; // (T, T)
        for (int x = 0; x < d.length; x++) d[x] = b.weights()[x] - a.weights()[x];
        matrix(diff, d, labels, ValueScale.diverging(MatrixRaster.maxAbs(MatrixRaster.withMasked(d, T, a::masked))), a);
    }

    private static void matrix(HeatmapView v, float[] values, String[] labels, ValueScale scale, HeadMatrices mask) {
        int T = labels.length;
        int[] argb = MatrixRaster.rasterize(MatrixRaster.withMasked(values, T, mask::masked), T, scale);
        v.setMatrix(MatrixRaster.toImage(argb, T, T), labels, scale, mask::masked, false);
        v.setValueText(cell -> mask.masked(cell.query(), cell.key()) ? "masked"
                : Numbers.compact(values[cell.query() * T + cell.key()]));
    }
}
