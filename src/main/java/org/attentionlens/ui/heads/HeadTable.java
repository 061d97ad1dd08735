package org.attentionlens.ui.heads;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Region;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;
import org.attentionlens.analysis.HeadKind;
import org.attentionlens.ui.state.AppState;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * One sortable row per head with its measures, a sparkline of its pattern and a kind badge. A click selects the
 * head in the whole app, a double-click or Enter opens it; the selected row follows the app's selected head.
 */
final class HeadTable extends TableView<HeadRow> {
    private final HeadTableViewModel vm;
    private boolean syncing;

    /** @param open opens a row's head in the Heads tab */
    HeadTable(HeadTableViewModel vm, Consumer<HeadRow> open) {
        this.vm = vm;
        setId("head-table");
        setPlaceholder(new Label("The table appears when a text has been analysed."));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        for (HeadColumn c : HeadColumn.values()) {
            getColumns().add(column(c));
            if (c == HeadColumn.HEAD) getColumns().add(sparkColumn());
        }
        SortedList<HeadRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setRowFactory(tv -> {
            TableRow<HeadRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) open.accept(row.getItem());
            });
            return row;
        });
        getSelectionModel().selectedItemProperty().addListener((o, a, r) -> {
            if (!syncing && r != null) vm.select(r);
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) open.accept(getSelectionModel().getSelectedItem());
        });
        AppState s = vm.state();
        s.layerProperty().addListener((o, a, b) -> syncSelection());
        s.headProperty().addListener((o, a, b) -> syncSelection());
        vm.rows().addListener((ListChangeListener<HeadRow>) c -> syncSelection());
    }

    private TableColumn<HeadRow, HeadRow> column(HeadColumn c) {
        TableColumn<HeadRow, HeadRow> col = new TableColumn<>();
        Label header = new Label(c.title());
        header.setWrapText(true);
        header.setTextAlignment(TextAlignment.CENTER);
        header.setMinHeight(Region.USE_PREF_SIZE);
        header.maxWidthProperty().bind(col.widthProperty().subtract(12));
        header.fontProperty().addListener((o, a, f) -> col.setMinWidth(Math.max(col.getMinWidth(), longestWord(c.title(), f) + 20)));
        header.setTooltip(Tips.of((c.measure() != null ? c.measure().label() + "\n\n" : "") + c.definition()));
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
                    setTooltip(Tips.of(HeadColumn.badgeTip(k)));
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
        header.setTooltip(Tips.of("The head's softmax weights on this text, shrunk to " + HeadTableViewModel.SPARKLINE
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

    /** Keeps the table's selected row on the app's selected head. */
    private void syncSelection() {
        AppState s = vm.state();
        syncing = true;
        try {
            for (HeadRow r : getItems())
                if (r.layer() == s.layer() && r.head() == s.head()) {
                    getSelectionModel().select(r);
                    if (!isRowVisible(getItems().indexOf(r))) scrollTo(Math.max(0, getItems().indexOf(r) - 2));
                    return;
                }
        } finally {
            syncing = false;
        }
    }

    /** Whether row index is on screen (so selecting it need not scroll the table under the user's mouse). */
    private boolean isRowVisible(int index) {
        for (var n : lookupAll(".table-row-cell"))
            if (n instanceof TableRow<?> row && row.getIndex() == index && row.isVisible()
                    && row.localToScene(row.getBoundsInLocal()).getMaxY()
                    <= localToScene(getBoundsInLocal()).getMaxY()) return true;
        return false;
    }
}
