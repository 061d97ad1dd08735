package org.attentionlens.ui.head;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.image.WritableImage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.attentionlens.analysis.RelativeDistance;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixColouring;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ScaleOptions;
import org.attentionlens.viz.ValueScale;
import org.attentionlens.viz.figure.Figure;
import org.attentionlens.viz.figure.MatrixFigure;

import java.util.List;

/**
 * The selected head, ready to draw: its matrices coloured once into images (off the FX thread) under the user's
 * colour-scale options, the hovered cell shared by the three matrices, the selected cell's details and the mean row
 * of the selected queries.
 */
public final class HeadViewModel {
    /** One matrix coloured: image (T, T) one pixel per cell, the legend's scale, whether rows were normalised. */
    public record Layer(WritableImage image, ValueScale scale, boolean perRow) {
    }

    /** The scores before a soft-cap bent them: values (T, T) and their colouring. */
    public record BeforeCap(int T, float[] scores, Layer layer) {
        public float score(int i, int j) {
            return scores[i * T + j];
        }
    }

    /**
     * One head rasterised for a trace under the options it was coloured with.
     *
     * @param beforeCap the scores before the soft-cap; null in a model without one
     * @param distance  the head's mean weight and score by relative distance i − j
     */
    public record Rendered(AttentionTrace trace, HeadMatrices matrices, Layer scores, BeforeCap beforeCap,
                           Layer weights, Layer contributions, ScaleOptions options, RelativeDistance distance) {
    }

    private final AppState state;
    private final BackgroundTask<Rendered> render;
    private final ReadOnlyObjectWrapper<Rendered> rendered = new ReadOnlyObjectWrapper<>(this, "rendered");
    private final ReadOnlyObjectWrapper<CellDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ReadOnlyObjectWrapper<MeanRow> meanRow = new ReadOnlyObjectWrapper<>(this, "meanRow");
    private final ObjectProperty<Cell> hover = new SimpleObjectProperty<>(this, "hover");
    private final ObjectProperty<ScaleOptions> options = new SimpleObjectProperty<>(this, "options", ScaleOptions.DEFAULT);
    private final BooleanProperty beforeCap = new SimpleBooleanProperty(this, "beforeCap");

    public HeadViewModel(AppState state) {
        this.state = state;
        this.render = new BackgroundTask<>(state.executor());
        state.traceProperty().addListener((o, a, b) -> refresh());
        state.layerProperty().addListener((o, a, b) -> refresh());
        state.headProperty().addListener((o, a, b) -> refresh());
        options.addListener((o, a, b) -> refresh());
        state.queryProperty().addListener((o, a, b) -> updateDetails());
        state.keyProperty().addListener((o, a, b) -> updateDetails());
        state.queriesProperty().addListener((o, a, b) -> updateMeanRow());
        rendered.addListener((o, a, b) -> {
            updateDetails();
            updateMeanRow();
        });
        refresh();
    }

    public ReadOnlyObjectProperty<Rendered> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<CellDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** The mean of the selected query rows when several are picked (Ctrl+click a token); null for one row. */
    public ReadOnlyObjectProperty<MeanRow> meanRowProperty() {
        return meanRow.getReadOnlyProperty();
    }

    /** Why the head could not be drawn; empty when it was. */
    public ReadOnlyStringProperty errorProperty() {
        return render.errorProperty();
    }

    /** The cell under the mouse in any of the three matrices, or null. */
    public ObjectProperty<Cell> hoverProperty() {
        return hover;
    }

    /** How the matrices are coloured: linear, log or per row, a clamp, sink columns left out. */
    public ObjectProperty<ScaleOptions> optionsProperty() {
        return options;
    }

    /** Whether the score matrix shows the scores before the soft-cap (models with one) rather than after. */
    public BooleanProperty beforeCapProperty() {
        return beforeCap;
    }

    public AppState state() {
        return state;
    }

    /** Rasterises one head under the options; any thread. */
    public static Rendered render(AttentionTrace trace, int layer, int head, ScaleOptions o) {
        HeadMatrices m = trace.head(layer, head);
        boolean[] hidden = o.hideSinks()
                ? MatrixColouring.sinkColumns(trace.tokens().start(), trace.tokens().end()) : null;
        BeforeCap beforeCap = null;
        if (trace.config().attention().softcap() > 0) { // each on its own scale: the legends give the numbers
            float[] raw = trace.scoresBeforeCap(layer, head);
            beforeCap = new BeforeCap(m.T(), raw, layer(raw, m, hidden, MatrixColouring.Kind.DIVERGING, o));
        }
        return new Rendered(trace, m, layer(m.scores(), m, hidden, MatrixColouring.Kind.DIVERGING, o), beforeCap,
                layer(m.weights(), m, hidden, MatrixColouring.Kind.WEIGHTS, o),
                layer(m.contributions(), m, hidden, MatrixColouring.Kind.SEQUENTIAL, o), o, RelativeDistance.of(m));
    }

    /** The head's three matrices as a vector figure for papers, coloured as on screen; any thread. */
    public static Figure figure(AttentionTrace trace, int layer, int head, ScaleOptions o) {
        HeadMatrices m = trace.head(layer, head);
        int T = m.T();
        boolean[] hidden = o.hideSinks()
                ? MatrixColouring.sinkColumns(trace.tokens().start(), trace.tokens().end()) : null;
        List<MatrixFigure.Panel> panels = new java.util.ArrayList<>();
        String[] titles = {"Raw scores q·k/√d_head", "Softmax weights α", "Value contributions ‖α·v W_O‖"};
        float[][] values = {m.scores(), m.weights(), m.contributions()};
        MatrixColouring.Kind[] kinds = {MatrixColouring.Kind.DIVERGING, MatrixColouring.Kind.WEIGHTS,
                MatrixColouring.Kind.SEQUENTIAL};
        for (int k = 0; k < 3; k++) {
            MatrixColouring.Coloured c = MatrixColouring.colour(MatrixRaster.withMasked(values[k], T, m::masked), T,
                    hidden, kinds[k], o);
            panels.add(new MatrixFigure.Panel(titles[k], c.argb(), c.legend(), c.perRow()));
        }
        String title = String.format(java.util.Locale.ROOT, "%s · layer %d · head %d · %d tokens", trace.config().id(),
                layer, head, T);
        return MatrixFigure.of(title, trace.tokens().display(), panels);
    }

    private static Layer layer(float[] values, HeadMatrices m, boolean[] hidden, MatrixColouring.Kind kind,
                               ScaleOptions o) {
        int T = m.T();
        MatrixColouring.Coloured c = MatrixColouring.colour(MatrixRaster.withMasked(values, T, m::masked), T, hidden,
                kind, o);
        return new Layer(MatrixRaster.toImage(c.argb(), T, T), c.legend(), c.perRow());
    }

    private void refresh() {
        AttentionTrace t = state.trace();
        if (t == null) {
            render.cancel();
            rendered.set(null);
            return;
        }
        int l = state.layer(), h = state.head();
        ScaleOptions o = options.get();
        render.run(ctx -> render(t, l, h, o), rendered::set);
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

    private void updateMeanRow() {
        Rendered r = rendered.get();
        List<Integer> rows = state.queries();
        meanRow.set(r == null || rows.size() < 2 ? null : MeanRow.of(r.matrices(), rows));
    }
}
