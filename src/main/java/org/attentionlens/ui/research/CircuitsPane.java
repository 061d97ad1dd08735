package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.circuits.CircuitScores;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ValueScale;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * Circuit scores: a sortable table of heads (copying score; the earlier head each reads most from through Q, K and V)
 * beside the composition matrix of the chosen kind, reading heads as rows, writing heads as columns, or the same
 * per pair of layers (the strongest pair of heads) for large models.
 */
final class CircuitsPane extends VBox {
    private final CircuitsViewModel vm;
    private final TableView<CircuitsViewModel.Row> table = new TableView<>();
    private final GridChart matrix = new GridChart();
    private final ChoiceBox<String> granularity = new ChoiceBox<>();
    private final Label median = new Label();

    CircuitsPane(CircuitsViewModel vm) {
        super(6);
        this.vm = vm;
        table.setId("circuits-table");
        table.setPlaceholder(new Label("Scores appear here (large models: press Compute)."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column("Head", r -> r.layer() * 100_000.0 + r.head(), CircuitsViewModel.Row::name,
                "layer.head, both from 0."));
        table.getColumns().add(column("OV copying", CircuitsViewModel.Row::copying, r -> number(r.copying()),
                "Σλ / Σ|λ| over the eigenvalues of W_E W_V W_O W_U: +1 copies the attended token into the prediction, "
                        + "−1 suppresses it."));
        for (CircuitScores.Kind k : CircuitScores.Kind.values()) {
            Function<CircuitsViewModel.Row, CircuitsViewModel.Partner> p = r -> k == CircuitScores.Kind.Q ? r.q()
                    : k == CircuitScores.Kind.K ? r.k() : r.v();
            table.getColumns().add(column(k + "-composition", r -> p.apply(r) == null ? Double.NaN : p.apply(r).score(),
                    r -> p.apply(r) == null ? "—" : String.format(Locale.ROOT, "%s from %s", number(p.apply(r).score()), p.apply(r).head()),
                    "The earlier head this head reads from most through its " + (k == CircuitScores.Kind.Q ? "query"
                            : k == CircuitScores.Kind.K ? "key (an induction head reads a previous-token head this way)"
                            : "value") + ": ‖product‖_F / (‖one‖_F ‖other‖_F)."));
        }
        vm.rowsProperty().addListener((o, a, rows) -> table.getItems().setAll(rows));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (r != null) vm.state().selectHead(r.layer(), r.head());
        });

        ChoiceBox<CircuitScores.Kind> kind = new ChoiceBox<>();
        kind.getItems().setAll(CircuitScores.Kind.values());
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        kind.setTooltip(Research.tip("Which composition the matrix shows."));
        granularity.getItems().setAll("heads", "layers");
        granularity.setValue("heads");
        granularity.setTooltip(Research.tip("Every pair of heads, or every pair of layers (the strongest pair of heads in it)."));
        Button compute = new Button("Compute");
        compute.setId("circuits-compute");
        compute.setTooltip(Research.tip("Scores of every head from the weights alone (large models take a while)."));
        compute.setOnAction(e -> vm.computeNow());
        HBox bar = new HBox(8, compute, new Label("Matrix"), kind, new Label("by"), granularity, median);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label notes = new Label(CircuitScores.NOTES);
        notes.setWrapText(true);
        notes.getStyleClass().add("muted");
        notes.setMinHeight(Region.USE_PREF_SIZE);
        SplitPane split = new SplitPane(table, matrix);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.5);
        getChildren().addAll(Research.header(vm, "Circuit scores (Elhage et al. 2021), from the weights alone: how "
                + "much each head copies what it attends to (OV circuit), and how much a later head reads what an earlier "
                + "one wrote, through its query, key or value (composition)."), bar, split, notes);
        VBox.setVgrow(split, Priority.ALWAYS);
        vm.scoresProperty().addListener(o -> showMatrix());
        vm.kindProperty().addListener(o -> showMatrix());
        granularity.valueProperty().addListener(o -> showMatrix());
        showMatrix();
    }

    TableView<CircuitsViewModel.Row> table() {
        return table;
    }

    GridChart matrix() {
        return matrix;
    }

    private static TableColumn<CircuitsViewModel.Row, CircuitsViewModel.Row> column(String title,
            java.util.function.ToDoubleFunction<CircuitsViewModel.Row> key, Function<CircuitsViewModel.Row, String> text,
            String definition) {
        TableColumn<CircuitsViewModel.Row, CircuitsViewModel.Row> col = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(Research.tip(definition));
        col.setGraphic(header);
        col.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        // "—" (no earlier layer to read) sorts below every score, so a descending sort starts with the strongest
        col.setComparator(Comparator.comparingDouble((CircuitsViewModel.Row r) -> Double.isNaN(key.applyAsDouble(r))
                ? Double.NEGATIVE_INFINITY : key.applyAsDouble(r)));
        col.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(CircuitsViewModel.Row r, boolean empty) {
                super.updateItem(r, empty);
                setText(empty || r == null ? null : text.apply(r));
            }
        });
        return col;
    }

    private static String number(double x) {
        return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.3f", x);
    }

    private void showMatrix() {
        CircuitScores s = vm.scoresProperty().get();
        if (s == null) {
            matrix.showHint(vm.onRequest() ? "Press Compute: this model is large, the scores take a while."
                    : "Scores appear once a model is loaded.");
            median.setText("");
            return;
        }
        CircuitScores.Kind k = vm.kindProperty().get();
        boolean byLayer = "layers".equals(granularity.getValue());
        int L = s.layers(), H = s.heads(), n = byLayer ? L : L * H;
        double[][] values = new double[n][n]; // [reader][writer]
        double max = 0;
        for (int r = 0; r < n; r++)
            for (int w = 0; w < n; w++) {
                double v = byLayer ? strongest(s, k, w, r) : s.composition()[k.ordinal()][w][r];
                values[r][w] = v;
                if (v > max) max = v;
            }
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = byLayer ? "L" + i : "L" + i / H + ".H" + i % H;
        matrix.show(new GridChart.Data(values, names, names, false, ValueScale.sequential(max), null, null,
                (r, w) -> Double.isNaN(values[r][w]) ? names[r] + " cannot read " + names[w] + " (not an earlier layer)"
                        : String.format(Locale.ROOT, "%s reads %s: %s-composition %s", names[r], names[w], k,
                        Numbers.compact(values[r][w])), k + "-composition (rows read, columns wrote)"));
        median.setText(String.format(Locale.ROOT, "median of all pairs %.3f", s.median(k)));
    }

    /** The strongest composition between any head of layer w (writing) and any of layer r (reading). */
    private static double strongest(CircuitScores s, CircuitScores.Kind k, int w, int r) {
        double best = Double.NaN;
        for (int h1 = 0; h1 < s.heads(); h1++)
            for (int h2 = 0; h2 < s.heads(); h2++) {
                double x = s.composition(k, w, h1, r, h2);
                if (!Double.isNaN(x) && !(x <= best)) best = x;
            }
        return best;
    }
}
