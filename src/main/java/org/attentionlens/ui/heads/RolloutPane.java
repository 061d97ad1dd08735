package org.attentionlens.ui.heads;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixColouring;
import org.attentionlens.viz.MatrixRaster;

/** Attention rollout (Abnar &amp; Zuidema 2020) up to the selected layer, as a token-to-token matrix. */
final class RolloutPane extends VBox {
    private final HeadTableViewModel vm;
    private final HeatmapView rollout = new HeatmapView();
    private final Label title = new Label();

    RolloutPane(HeadTableViewModel vm) {
        super(6);
        this.vm = vm;
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        title.setTooltip(Tips.of("Attention rollout (Abnar & Zuidema 2020): each layer's attention averaged over its "
                + "heads, mixed half-and-half with the identity for the residual connection, rows renormalised, and "
                + "multiplied from layer 0 up. Row i shows how much each input token flows into position i after that "
                + "layer. It ignores the value vectors and the MLPs, so read it as a rough map of mixing."));
        HBox top = new HBox(12, title, MatrixPanes.hideSinks(vm));
        HBox.setHgrow(title, Priority.ALWAYS);
        getChildren().addAll(top, rollout);
        VBox.setVgrow(rollout, Priority.ALWAYS);
        setPadding(new Insets(6));
        vm.rolloutProperty().addListener(o -> show());
        vm.state().layerProperty().addListener(o -> show());
        vm.hideSinksProperty().addListener(o -> show());
        show();
    }

    private void show() {
        AttentionRollout r = vm.rolloutProperty().get();
        AttentionTrace t = vm.state().trace();
        if (r == null || t == null || r.length() != t.length()) {
            title.setText("Attention rollout");
            rollout.showHint(t == null ? AppState.EMPTY_HINT : "Computing…");
            return;
        }
        int layer = Math.min(vm.state().layer(), r.layers() - 1), T = r.length();
        float[] m = r.upTo(layer); // (T, T)
        title.setText(HeadTableFormat.rolloutTitle(layer));
        MatrixPanes.matrix(rollout, m, t.tokens().display(), MatrixColouring.Kind.SEQUENTIAL, MatrixRaster.CellMask.NONE,
                vm.hiddenColumns(t));
        rollout.setValueText(c -> "flow " + HeadTableFormat.num(m[c.query() * T + c.key()]));
    }
}
