package org.attentionlens.ui.heads;

import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.viz.MatrixColouring;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ScaleOptions;

import java.util.List;

/** What the analysis panes share: titled matrices in equal columns, and one head's weights shown in a matrix. */
final class MatrixPanes {
    private MatrixPanes() {
    }

    /** Titles over views in equal columns. */
    static GridPane columns(List<Label> titles, List<HeatmapView> views) {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        for (int i = 0; i < views.size(); i++) {
            titles.get(i).getStyleClass().add("matrix-title");
            titles.get(i).setWrapText(true);
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

    /** "Hide sinks" for the panes: one setting shared by every matrix of the Head table's panes. */
    static ToggleButton hideSinks(HeadTableViewModel vm) {
        ToggleButton b = new ToggleButton("Hide sinks");
        b.getStyleClass().add("hide-sinks");
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(Tips.of("Leave out the first key (the sink, where Llama-family heads park most of their weight) "
                + "and special tokens, and scale each matrix to the rest."));
        b.selectedProperty().bindBidirectional(vm.hideSinksProperty());
        return b;
    }

    /**
     * A head's softmax weights on the fixed 0 … 1 scale (on the rest of its weights when columns are hidden), its
     * mask hatched, the weight on hover.
     */
    static void weights(HeatmapView v, HeadMatrices m, String[] labels, boolean[] hidden) {
        matrix(v, m.weights(), labels, MatrixColouring.Kind.WEIGHTS, m::masked, hidden);
        v.setValueText(c -> m.masked(c.query(), c.key()) ? "masked" : "α " + HeadTableFormat.num(m.weight(c.query(), c.key())));
    }

    /** values (T, T) coloured on their kind's scale, masked cells grey and hatched, hidden columns (or null) grey. */
    static void matrix(HeatmapView v, float[] values, String[] labels, MatrixColouring.Kind kind,
                       MatrixRaster.CellMask mask, boolean[] hidden) {
        int T = labels.length;
        MatrixColouring.Coloured c = MatrixColouring.colour(MatrixRaster.withMasked(values, T, mask), T, hidden, kind,
                ScaleOptions.DEFAULT);
        v.setMatrix(MatrixRaster.toImage(c.argb(), T, T), labels, c.legend(), mask, false);
    }
}
