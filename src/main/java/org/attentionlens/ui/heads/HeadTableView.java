package org.attentionlens.ui.heads;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;
import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.analysis.HeadKind;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The "Head table" tab: one sortable row per head with its measures, a sparkline of its pattern and a kind
 * badge (click a row to select the head, double-click or Enter to open it in the Heads tab); below, the
 * selected head compared on a second prompt, the difference of two heads, an ablation and the attention rollout.
 */
public final class HeadTableView extends BorderPane {
    private final HeadTableViewModel vm;
    private final Runnable openHeads;
    private final TableView<HeadRow> table = new TableView<>();
    private final Label note = new Label();
    private final Label error = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final HeatmapView firstText = new HeatmapView(), secondText = new HeatmapView();
    private final Label firstTitle = new Label(), secondTitle = new Label();
    private final TextField secondPrompt = new TextField();
    private final ComboBox<String> pickA = new ComboBox<>(), pickB = new ComboBox<>();
    private final HeatmapView diffA = new HeatmapView(), diffB = new HeatmapView(), diff = new HeatmapView();
    private final Label diffTitleA = new Label(), diffTitleB = new Label(), diffTitle = new Label();
    private final Button ablate = new Button();
    private final GridPane shift = new GridPane();
    private final Label shiftTitle = new Label();
    private final HeadGridView change = new HeadGridView();
    private final Label changeTitle = new Label();
    private final HeatmapView rollout = new HeatmapView();
    private final Label rolloutTitle = new Label();
    private final TabPane analyses = new TabPane();
    private boolean syncing;

    public HeadTableView(HeadTableViewModel vm, Runnable openHeads) {
        this.vm = vm;
        this.openHeads = openHeads;
        getStyleClass().add("head-table-view");
        getStylesheets().add(HeadTableView.class.getResource("heads.css").toExternalForm());
        createView();
        initListeners();
        updateSelectionTitles();
    }

    public HeadTableViewModel viewModel() {
        return vm;
    }

    TableView<HeadRow> table() {
        return table;
    }

    HeadGridView ablationGrid() {
        return change;
    }

    // ---- View --------------------------------------------------------------------------------------------

    private void createView() {
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        error.getStyleClass().add("message");
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        progress.setPrefWidth(200);
        progress.managedProperty().bind(vm.computingProperty());
        progress.visibleProperty().bind(vm.computingProperty());
        Label legend = new Label(String.format(Locale.ROOT, "Kinds (first rule wins): induction ≥ %.2f · previous-token ≥ %.2f · "
                        + "sink ≥ %.2f · local: distance ≤ %.1f · broad: normalised entropy ≥ %.2f · else mixed. "
                        + "Hover a column title for its definition.", HeadKind.INDUCTION_MIN, HeadKind.PREVIOUS_TOKEN_MIN,
                HeadKind.SINK_MIN, HeadKind.LOCAL_MAX_DISTANCE, HeadKind.BROAD_MIN_NORMALISED_ENTROPY));
        legend.getStyleClass().add("kind-legend");
        legend.setWrapText(true);
        legend.setTooltip(tip(HeadTableViewModel.kindRules()));
        Button open = new Button("Open in Heads tab");
        open.setTooltip(tip("Show the selected head's scores, weights and contributions (double-click a row or press "
                + "Enter does the same)."));
        open.setOnAction(e -> open(table.getSelectionModel().getSelectedItem()));
        open.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        HBox status = new HBox(10, progress, note, open);
        status.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(note, Priority.ALWAYS);
        VBox top = new VBox(4, status, legend, error);
        top.setPadding(new Insets(6, 10, 4, 10));
        setTop(top);

        table.setId("head-table");
        table.setPlaceholder(new Label("The table appears when a text has been analysed."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        for (HeadColumn c : HeadColumn.values()) {
            table.getColumns().add(column(c));
            if (c == HeadColumn.HEAD) table.getColumns().add(sparkColumn());
        }
        SortedList<HeadRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setRowFactory(tv -> {
            TableRow<HeadRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) open(row.getItem());
            });
            return row;
        });

        analyses.getTabs().addAll(comparisonTab(), differenceTab(), ablationTab(), rolloutTab());
        analyses.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(table, analyses);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        setCenter(split);
    }

    private TableColumn<HeadRow, HeadRow> column(HeadColumn c) {
        TableColumn<HeadRow, HeadRow> col = new TableColumn<>();
        Label header = new Label(c.title());
        header.setWrapText(true);
        header.setTextAlignment(TextAlignment.CENTER);
        header.setMinHeight(Region.USE_PREF_SIZE);
        header.maxWidthProperty().bind(col.widthProperty().subtract(12));
        header.fontProperty().addListener((o, a, f) -> col.setMinWidth(Math.max(col.getMinWidth(), longestWord(c.title(), f) + 20)));
        header.setTooltip(tip((c.measure() != null ? c.measure().label() + "\n\n" : "") + c.definition()));
        col.setGraphic(header);
        col.setId("col-" + c.name().toLowerCase(Locale.ROOT));
        col.setUserData(c);
        col.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        col.setComparator(c.comparator());
        col.setCellFactory(x -> new TableCell<>() {
            private final Label badge = new Label();

            @Override
            protected void updateItem(HeadRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                if (c == HeadColumn.KIND) {
                    HeadKind k = r.stats().kind();
                    badge.setText(k.key());
                    badge.getStyleClass().setAll("label", "kind-badge", "kind-" + k.key());
                    setText(null);
                    setGraphic(badge);
                    setTooltip(tip(HeadColumn.badgeTip(k)));
                } else {
                    setText(c.text(r));
                    setGraphic(null);
                    setTooltip(null);
                }
            }
        });
        if (c == HeadColumn.HEAD) col.setMaxWidth(90);
        if (c == HeadColumn.KIND) col.setMinWidth(125);
        if (c == HeadColumn.ENTROPY) col.setMinWidth(130);
        if (c == HeadColumn.SINK_VALUE_SHARE) col.setMinWidth(160);
        col.getStyleClass().add(c == HeadColumn.HEAD || c == HeadColumn.KIND ? "text-column" : "number-column");
        return col;
    }

    /** Width of the title's longest word: a header may wrap between words, never inside one. */
    private static double longestWord(String title, Font font) {
        Text probe = new Text();
        probe.setFont(font);
        double w = 0;
        for (String word : title.split(" ")) {
            probe.setText(word);
            w = Math.max(w, probe.getLayoutBounds().getWidth());
        }
        return w;
    }

    private TableColumn<HeadRow, HeadRow> sparkColumn() {
        TableColumn<HeadRow, HeadRow> col = new TableColumn<>();
        Label header = new Label("Pattern");
        header.setTooltip(tip("The head's softmax weights on this text, shrunk to " + HeadTableViewModel.SPARKLINE
                + " pixels a side (each pixel the largest weight of its block): query rows down, key columns across; "
                + "grey = masked future keys."));
        col.setGraphic(header);
        col.setSortable(false);
        col.setMinWidth(70);
        col.setMaxWidth(80);
        col.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        col.setCellFactory(x -> new TableCell<>() {
            private final ImageView image = new ImageView();

            {
                image.setFitWidth(28);
                image.setFitHeight(28);
                image.setSmooth(false);
            }

            @Override
            protected void updateItem(HeadRow r, boolean empty) {
                super.updateItem(r, empty);
                image.setImage(empty || r == null ? null : r.sparkline());
                setGraphic(empty || r == null ? null : image);
            }
        });
        return col;
    }

    private Tab comparisonTab() {
        secondPrompt.setId("second-prompt");
        secondPrompt.setPromptText("A second text, e.g. the same sentence with one word changed");
        secondPrompt.setTooltip(tip("Runs this text through the same model and shows the selected head on both texts."));
        Button run = new Button("Compare");
        run.setTooltip(tip("Run the second text (in the background) and show the selected head on both."));
        run.setOnAction(e -> vm.runSecondPrompt());
        secondPrompt.setOnAction(e -> vm.runSecondPrompt());
        HBox bar = new HBox(8, new Label("Second text"), secondPrompt, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(secondPrompt, Priority.ALWAYS);
        GridPane grid = columns(List.of(firstTitle, secondTitle), List.of(firstText, secondText));
        VBox box = new VBox(6, bar, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return new Tab("Two texts, one head", box);
    }

    private Tab differenceTab() {
        pickA.setTooltip(tip("Head A (layer.head)"));
        pickB.setTooltip(tip("Head B (layer.head)"));
        HBox bar = new HBox(8, new Label("Head A"), pickA, new Label("minus head B"), pickB);
        bar.setAlignment(Pos.CENTER_LEFT);
        GridPane grid = columns(List.of(diffTitleA, diffTitleB, diffTitle), List.of(diffA, diffB, diff));
        VBox box = new VBox(6, bar, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return new Tab("Head A − head B", box);
    }

    private Tab ablationTab() {
        ablate.setId("ablate");
        ablate.setTooltip(tip("Zero the selected head's output (its Σ α v before W_O) and run the text again: see "
                + "what the next-token distribution and the later heads' attention lose without it."));
        ablate.setOnAction(e -> vm.ablateSelected());
        shiftTitle.getStyleClass().add("section-title");
        shiftTitle.setWrapText(true);
        shiftTitle.setMinHeight(Region.USE_PREF_SIZE);
        shift.setHgap(12);
        shift.setVgap(2);
        changeTitle.getStyleClass().add("section-title");
        changeTitle.setWrapText(true);
        changeTitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox left = new VBox(6, shiftTitle, shift);
        VBox right = new VBox(6, changeTitle, change);
        VBox.setVgrow(change, Priority.ALWAYS);
        HBox results = new HBox(18, left, right);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox box = new VBox(8, ablate, results);
        VBox.setVgrow(results, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return new Tab("Ablation", box);
    }

    private Tab rolloutTab() {
        rolloutTitle.getStyleClass().add("section-title");
        rolloutTitle.setWrapText(true);
        rolloutTitle.setMinHeight(Region.USE_PREF_SIZE);
        rolloutTitle.setTooltip(tip("Attention rollout (Abnar & Zuidema 2020): each layer's attention averaged over its "
                + "heads, mixed half-and-half with the identity for the residual connection, rows renormalised, and "
                + "multiplied from layer 0 up. Row i shows how much each input token flows into position i after that "
                + "layer. It ignores the value vectors and the MLPs, so read it as a rough map of mixing."));
        VBox box = new VBox(6, rolloutTitle, rollout);
        VBox.setVgrow(rollout, Priority.ALWAYS);
        box.setPadding(new Insets(6));
        return new Tab("Attention rollout", box);
    }

    /** Titles over views in equal columns. */
    private static GridPane columns(List<Label> titles, List<HeatmapView> views) {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        for (int i = 0; i < views.size(); i++) {
            titles.get(i).getStyleClass().add("matrix-title");
            VBox col = new VBox(2, titles.get(i), views.get(i));
            VBox.setVgrow(views.get(i), Priority.ALWAYS);
            grid.add(col, i, 0);
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / views.size());
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        RowConstraints rc = new RowConstraints();
        rc.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().add(rc);
        return grid;
    }

    private static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(480);
        t.setShowDelay(Duration.millis(250));
        t.setShowDuration(Duration.seconds(60));
        return t;
    }

    // ---- Listeners ---------------------------------------------------------------------------------------

    private void initListeners() {
        sceneProperty().addListener((o, a, b) -> updateActive());
        visibleProperty().addListener((o, a, b) -> updateActive());
        note.textProperty().bind(vm.noteProperty());
        error.textProperty().bind(vm.errorProperty());
        progress.progressProperty().bind(vm.progressProperty());
        secondPrompt.textProperty().bindBidirectional(vm.secondPromptProperty());

        table.getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (!syncing && r != null) vm.select(r);
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) open(table.getSelectionModel().getSelectedItem());
        });
        AppState s = vm.state();
        s.layerProperty().addListener((o, a, b) -> selectionChanged());
        s.headProperty().addListener((o, a, b) -> selectionChanged());
        vm.rows().addListener((ListChangeListener<HeadRow>) c -> syncTableSelection());
        s.modelProperty().addListener((o, a, m) -> fillPickers());
        s.traceProperty().addListener((o, a, t) -> {
            showFirstText();
            showSecondText();
        });
        pickA.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.headAProperty().set(b.intValue());
        });
        pickB.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> {
            if (b.intValue() >= 0) vm.headBProperty().set(b.intValue());
        });
        vm.headAProperty().addListener((o, a, b) -> pickA.getSelectionModel().select(b.intValue()));
        vm.headBProperty().addListener((o, a, b) -> pickB.getSelectionModel().select(b.intValue()));
        vm.secondTraceProperty().addListener((o, a, t) -> showSecondText());
        vm.differenceProperty().addListener((o, a, d) -> showDifference(d));
        vm.ablationProperty().addListener((o, a, x) -> showAblation(x));
        vm.rolloutProperty().addListener((o, a, r) -> showRollout());
        fillPickers();
        showFirstText();
        showSecondText();
        showDifference(null);
        showAblation(null);
        showRollout();
    }

    private void updateActive() {
        vm.setActive(getScene() != null && isVisible());
    }

    private void open(HeadRow r) {
        if (r == null) return;
        vm.select(r);
        openHeads.run();
    }

    private void selectionChanged() {
        syncTableSelection();
        updateSelectionTitles();
        showFirstText();
        showSecondText();
        showRollout();
    }

    /** Keeps the table's selected row on the app's selected head. */
    private void syncTableSelection() {
        AppState s = vm.state();
        syncing = true;
        try {
            for (HeadRow r : table.getItems())
                if (r.layer() == s.layer() && r.head() == s.head()) {
                    table.getSelectionModel().select(r);
                    if (!isRowVisible(table.getItems().indexOf(r))) table.scrollTo(Math.max(0, table.getItems().indexOf(r) - 2));
                    return;
                }
        } finally {
            syncing = false;
        }
    }

    /** Whether row index is on screen (so selecting it need not scroll the table under the user's mouse). */
    private boolean isRowVisible(int index) {
        for (var n : table.lookupAll(".table-row-cell"))
            if (n instanceof TableRow<?> row && row.getIndex() == index && row.isVisible()
                    && row.localToScene(row.getBoundsInLocal()).getMaxY()
                    <= table.localToScene(table.getBoundsInLocal()).getMaxY()) return true;
        return false;
    }

    private void updateSelectionTitles() {
        AppState s = vm.state();
        ablate.setText(String.format(Locale.ROOT, "Switch off head %d.%d and re-run", s.layer(), s.head()));
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

    private void showFirstText() {
        AttentionTrace t = vm.state().trace();
        AppState s = vm.state();
        if (t == null) {
            firstTitle.setText("This text");
            firstText.showHint(AppState.EMPTY_HINT);
            return;
        }
        firstTitle.setText(String.format(Locale.ROOT, "This text — head %d.%d", s.layer(), s.head()));
        weights(firstText, t.head(s.layer(), s.head()), t.tokens().display());
    }

    private void showSecondText() {
        AttentionTrace t = vm.secondTraceProperty().get();
        AppState s = vm.state();
        if (t == null) {
            secondTitle.setText("Second text");
            secondText.showHint("Type a second text above and press Compare.");
            return;
        }
        secondTitle.setText(String.format(Locale.ROOT, "Second text — head %d.%d", s.layer(), s.head()));
        weights(secondText, t.head(s.layer(), s.head()), t.tokens().display());
    }

    private static void weights(HeatmapView v, HeadMatrices m, String[] labels) {
        matrix(v, m.weights(), labels, ValueScale.weights(), m.causal());
        v.setValueText(c -> m.masked(c.query(), c.key()) ? "masked" : "α " + HeadColumn.num(m.weight(c.query(), c.key())));
    }

    private static void matrix(HeatmapView v, float[] values, String[] labels, ValueScale scale, boolean causal) {
        int T = labels.length;
        v.setMatrix(MatrixRaster.toImage(MatrixRaster.rasterize(values, T, causal, scale), T, T), labels, scale, causal);
    }

    private void showDifference(HeadTableViewModel.Difference d) {
        if (d == null) {
            for (HeatmapView v : List.of(diffA, diffB, diff)) v.showHint(AppState.EMPTY_HINT);
            diffTitleA.setText("Head A");
            diffTitleB.setText("Head B");
            diffTitle.setText("A − B");
            return;
        }
        String[] labels = d.trace().tokens().display();
        HeadMatrices a = d.a(), b = d.b();
        diffTitleA.setText("Head A = " + a.layer() + "." + a.head());
        diffTitleB.setText("Head B = " + b.layer() + "." + b.head());
        diffTitle.setText("A − B: orange where A attends more, blue where B does");
        weights(diffA, a, labels);
        weights(diffB, b, labels);
        int T = a.T();
        matrix(diff, d.diff(), labels, ValueScale.diverging(MatrixRaster.maxAbs(d.diff(), T, a.causal())), a.causal());
        diff.setValueText(c -> a.masked(c.query(), c.key()) ? "masked" : "Δα " + HeadColumn.num(d.diff()[c.query() * T + c.key()]));
    }

    private void showAblation(Ablation a) {
        shift.getChildren().clear();
        if (a == null) {
            shiftTitle.setText("Next-token distribution before and after");
            changeTitle.setText("Mean |Δα| in every head");
            change.show(new double[0][], -1, -1, "");
            Label hint = new Label("Select a head (click a row) and press the button above.");
            hint.getStyleClass().add("muted");
            shift.add(hint, 0, 0);
            return;
        }
        int[] off = a.mask().heads().get(0);
        changeTitle.setText(String.format(Locale.ROOT, "Mean |Δα| in every head with %d.%d off (outlined). Heads in "
                + "layers up to %d do not change: their attention is computed before the ablated output is used.", off[0], off[1], off[0]));
        change.show(a.attentionChange(), off[0], off[1], "mean |Δα|");
        if (a.nextToken() == null) {
            shiftTitle.setText(String.format(Locale.ROOT, "An encoder has no next token. The final hidden states moved "
                    + "by %.2f%% (relative Frobenius norm).", 100 * a.hiddenChange()));
            return;
        }
        Ablation.NextTokenShift s = a.nextToken();
        shiftTitle.setText(String.format(Locale.ROOT, "Next token with %d.%d off: KL(before ‖ after) = %.4f nats, "
                + "largest |Δp| = %.4f", off[0], off[1], s.klDivergence(), s.maxAbsDeltaP()));
        Tokenizer tok = vm.state().model().tokenizer();
        String[] head = {"token", "before", "after", "Δp"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("shift-header");
            shift.add(l, c, 0);
        }
        int r = 1;
        for (Ablation.TokenShift t : s.top()) {
            double dp = t.pAfter() - t.pBefore();
            Label delta = new Label(String.format(Locale.ROOT, "%+.4f", dp));
            delta.getStyleClass().add(dp > 0 ? "up" : dp < 0 ? "down" : "same");
            shift.addRow(r++, new Label(tok.displayToken(t.id())), num(t.pBefore()), num(t.pAfter()), delta);
        }
    }

    private static Label num(double p) {
        Label l = new Label(String.format(Locale.ROOT, "%.4f", p));
        l.getStyleClass().add("number");
        return l;
    }

    private void showRollout() {
        AttentionRollout r = vm.rolloutProperty().get();
        AttentionTrace t = vm.state().trace();
        if (r == null || t == null || r.length() != t.length()) {
            rolloutTitle.setText("Attention rollout");
            rollout.showHint(t == null ? AppState.EMPTY_HINT : "Computing…");
            return;
        }
        int layer = Math.min(vm.state().layer(), r.layers() - 1), T = r.length();
        float[] m = r.upTo(layer); // (T, T)
        rolloutTitle.setText(String.format(Locale.ROOT, "Rollout up to layer %d: row i = how much each input token flows "
                + "into position i after layer %d (rows sum to 1). Change the layer above.", layer, layer));
        matrix(rollout, m, t.tokens().display(), ValueScale.sequential(MatrixRaster.max(m, T, t.config().causal())),
                t.config().causal());
        rollout.setValueText(c -> "flow " + HeadColumn.num(m[c.query() * T + c.key()]));
    }
}
