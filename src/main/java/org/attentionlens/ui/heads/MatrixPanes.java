package org.attentionlens.ui.heads;

import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

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

    /** A head's softmax weights on the fixed 0 … 1 scale, its mask hatched, the weight on hover. */
    static void weights(HeatmapView v, HeadMatrices m, String[] labels) {
        matrix(v, m.weights(), labels, ValueScale.weights(), m::masked);
        v.setValueText(c -> m.masked(c.query(), c.key()) ? "masked" : "α " + HeadTableFormat.num(m.weight(c.query(), c.key())));
    }

    /** values (T, T) coloured by scale, masked cells grey and hatched. */
    static void matrix(HeatmapView v, float[] values, String[] labels, ValueScale scale, MatrixRaster.CellMask mask) {
        int T = labels.length;
        int[] argb = MatrixRaster.rasterize(MatrixRaster.withMasked(values, T, mask), T, scale);
        v.setMatrix(MatrixRaster.toImage(argb, T, T), labels, scale, mask, false);
    }
}
