package org.attentionlens.ui.lecture;

import org.attentionlens.ui.common.Numbers;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A matrix as a table of coloured cells with their numbers, abridged to the first and last rows and columns
 * (and those around the focus) when it is too large for a slide. The focus row is framed, the focus column
 * outlined. Cell labels get ids {@code name-r-c} (true indices), so tests and notes can find them.
 */
final class MatrixGrid {
    /** A cell's value. */
    @FunctionalInterface
    interface Values {
        double get(int r, int c);
    }

    private final String name;
    private final int rows, cols;
    private final Values values;
    private String title = "";
    private IntFunction<String> rowLabel = Integer::toString;
    private IntFunction<String> colLabel = Integer::toString;
    private int focusRow = -1, focusCol = -1;
    private boolean weights;
    private int rowLimit = 14, colLimit = 9;
    private int headCols = 4, tailCols = 2;
    private IntFunction<String> rowTag = r -> null;
    private int[] keepRows = {}, keepCols = {};
    private int weightColumn = -1;
    private Cells masked = (r, c) -> false;
    private Cells outsideWindow = (r, c) -> false;

    @FunctionalInterface
    interface Cells {
        boolean test(int r, int c);
    }

    private MatrixGrid(String name, int rows, int cols, Values values) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.values = values;
    }

    static MatrixGrid of(String name, int rows, int cols, Values values) {
        return new MatrixGrid(name, rows, cols, values);
    }

    /** A row-major (rows, cols) array. */
    static MatrixGrid of(String name, int rows, int cols, float[] a) {
        return new MatrixGrid(name, rows, cols, (r, c) -> a[r * cols + c]);
    }

    MatrixGrid title(String t) {
        title = t;
        return this;
    }

    MatrixGrid rowLabels(IntFunction<String> f) {
        rowLabel = f;
        return this;
    }

    MatrixGrid colLabels(IntFunction<String> f) {
        colLabel = f;
        return this;
    }

    MatrixGrid focus(int row, int col) {
        focusRow = row;
        focusCol = col;
        return this;
    }

    /** Colour as attention weights (the app's fixed 0 … 1 scale) instead of signed values. */
    MatrixGrid weights() {
        weights = true;
        return this;
    }

    MatrixGrid limits(int maxRows, int maxCols) {
        rowLimit = maxRows;
        colLimit = maxCols;
        return this;
    }

    /** Rows an abridged table shows besides the first, last and focus ones (e.g. the strongest key). */
    MatrixGrid keepRows(int... rows) {
        keepRows = rows;
        return this;
    }

    /** Columns an abridged table shows besides the first, last and focus ones (e.g. the best-matching keys). */
    MatrixGrid keepCols(int... cols) {
        keepCols = cols;
        return this;
    }

    /** One column coloured as attention weights, the others as signed values. */
    MatrixGrid weightColumn(int c) {
        weightColumn = c;
        return this;
    }

    /** How many leading and trailing columns an abridged table keeps. */
    MatrixGrid edgeCols(int head, int tail) {
        headCols = head;
        tailCols = tail;
        return this;
    }

    /** A tag shown after a row (e.g. "cache"), or null. */
    MatrixGrid rowTags(IntFunction<String> f) {
        rowTag = f;
        return this;
    }

    /** Cells shown as −∞ on a dark ground. */
    MatrixGrid masked(Cells m) {
        masked = m;
        return this;
    }

    /** Of the masked cells, those a sliding window hides: drawn apart from the causal mask. */
    MatrixGrid outsideWindow(Cells m) {
        outsideWindow = m;
        return this;
    }

    Node build() {
        List<Integer> rs = Abridge.indices(rows, rowLimit, rowLimit < 6 ? 2 : 4, rowLimit < 6 ? 1 : 2, focusRow, keepRows);
        List<Integer> cs = Abridge.indices(cols, colLimit, headCols, tailCols, focusCol, keepCols);
        double scale = 0;
        for (int r : rs)
            for (int c : cs)
                if (r >= 0 && c >= 0 && c != weightColumn && !masked.test(r, c))
                    scale = Math.max(scale, Math.abs(values.get(r, c)));

        GridPane grid = new GridPane();
        grid.getStyleClass().add("matrix");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        grid.getColumnConstraints().add(labels);
        for (int x = 0; x < cs.size(); x++) {
            int c = cs.get(x);
            Label head = label(c == Abridge.GAP ? "…" : colLabel.apply(c), "col-label");
            if (c == focusCol && c >= 0) head.getStyleClass().add("focus");
            grid.add(head, x + 1, 0);
        }
        boolean anyTag = false;
        for (int y = 0; y < rs.size(); y++) {
            int r = rs.get(y);
            if (r == Abridge.GAP) {
                grid.add(label("⋮", "row-label"), 0, y + 1);
                for (int x = 0; x < cs.size(); x++) grid.add(label("⋮", "gap"), x + 1, y + 1);
                continue;
            }
            Label rl = label(rowLabel.apply(r), "row-label");
            rl.setId(name + "-row-" + r);
            if (r == focusRow) rl.getStyleClass().add("focus");
            grid.add(rl, 0, y + 1);
            for (int x = 0; x < cs.size(); x++) {
                int c = cs.get(x);
                Label cell;
                if (c == Abridge.GAP) cell = label("…", "gap");
                else if (masked.test(r, c)) {
                    cell = label("−∞", "cell", "masked");
                    if (outsideWindow.test(r, c)) cell.getStyleClass().add("outside-window");
                    cell.setId(name + "-" + r + "-" + c);
                } else {
                    double v = values.get(r, c);
                    cell = label(Numbers.slide(v), "cell");
                    cell.setId(name + "-" + r + "-" + c);
                    Color bg = weights || c == weightColumn ? ProjectorColours.weight(v) : ProjectorColours.signed(v, scale);
                    cell.setStyle("-fx-background-color: " + ProjectorColours.css(bg) + "; -fx-text-fill: "
                            + ProjectorColours.css(ProjectorColours.textOn(bg)) + ";");
                }
                if (r == focusRow) cell.getStyleClass().add("focus-row");
                if (c == focusCol && c >= 0) cell.getStyleClass().add("focus-col");
                grid.add(cell, x + 1, y + 1);
            }
            String tag = rowTag.apply(r);
            if (tag != null) {
                anyTag = true;
                grid.add(label(tag, "row-tag", "tag-" + tag.replace(' ', '-')), cs.size() + 1, y + 1);
            }
        }
        VBox box = new VBox(title.isEmpty() ? new Label() : label(title, "matrix-title"), grid);
        if (anyTag) box.getStyleClass().add("tagged");
        box.getStyleClass().add("matrix-box");
        box.setId(name);
        return box;
    }

    private static Label label(String text, String... styles) {
        Label l = new Label(text);
        l.getStyleClass().addAll(styles);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }
}
