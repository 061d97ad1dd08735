package org.attentionlens.ui.head;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.WritableImage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.concurrent.CompletableFuture;

/**
 * The selected head, ready to draw: its matrices rasterised once into images (off the FX thread), the
 * colour scales, the hovered cell shared by the three matrices, and the selected cell's details.
 */
public final class HeadViewModel {
    /** One head rasterised: images (T, T) one pixel per cell, with the scales they were coloured by. */
    public record Rendered(AttentionTrace trace, HeadMatrices matrices, WritableImage scores, WritableImage weights,
                           WritableImage contributions, ValueScale scoreScale, ValueScale weightScale,
                           ValueScale contributionScale) {
    }

    private final AppState state;
    private final ReadOnlyObjectWrapper<Rendered> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private final ReadOnlyObjectWrapper<CellDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ObjectProperty<Cell> hover = new SimpleObjectProperty<>(this, "hover");
    private long generation;

    public HeadViewModel(AppState state) {
        this.state = state;
        state.traceProperty().addListener((o, a, b) -> refresh());
        state.layerProperty().addListener((o, a, b) -> refresh());
        state.headProperty().addListener((o, a, b) -> refresh());
        state.queryProperty().addListener((o, a, b) -> updateDetails());
        state.keyProperty().addListener((o, a, b) -> updateDetails());
        rendered.addListener((o, a, b) -> updateDetails());
        refresh();
    }

    public ReadOnlyObjectProperty<Rendered> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CellDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The cell under the mouse in any of the three matrices, or null. */
    public ObjectProperty<Cell> hoverProperty() {
        return hover;
    }

    public AppState state() {
        return state;
    }

    /** Rasterises one head; any thread. */
    public static Rendered render(AttentionTrace trace, int layer, int head) {
        HeadMatrices m = trace.head(layer, head);
        int T = m.T();
        ValueScale s = ValueScale.diverging(MatrixRaster.maxAbs(m.scores(), T, m.causal()));
        ValueScale w = ValueScale.weights();
        ValueScale c = ValueScale.sequential(MatrixRaster.max(m.contributions(), T, m.causal()));
        return new Rendered(trace, m,
                MatrixRaster.toImage(MatrixRaster.rasterize(m.scores(), T, m.causal(), s), T, T),
                MatrixRaster.toImage(MatrixRaster.rasterize(m.weights(), T, m.causal(), w), T, T),
                MatrixRaster.toImage(MatrixRaster.rasterize(m.contributions(), T, m.causal(), c), T, T),
                s, w, c);
    }

    private void refresh() {
        AttentionTrace t = state.trace();
        long gen = ++generation;
        if (t == null) {
            rendered.set(null);
            return;
        }
        int l = state.layer(), h = state.head();
        CompletableFuture.supplyAsync(() -> render(t, l, h), state.executor())
                .whenComplete((r, x) -> Platform.runLater(() -> {
                    if (gen != generation) return;
                    if (x != null) state.reportTiming("Could not draw the head: " + x.getMessage());
                    else rendered.set(r);
                }));
    }

    private void updateDetails() {
        Rendered r = rendered.get();
        if (r == null) {
            details.set(null);
            return;
        }
        int T = r.matrices().T();
        int i = Math.min(state.query(), T - 1), j = Math.min(state.key(), T - 1);
        details.set(CellDetails.of(r.trace(), r.matrices(), i, j));
    }
}
