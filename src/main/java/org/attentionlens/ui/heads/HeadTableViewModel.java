package org.attentionlens.ui.heads;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.image.WritableImage;
import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.InductionProbe;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixColouring;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head table tab's state: every head's measures and kind on the current text (with the induction probe),
 * and the analyses of one head: the same head on a second prompt, the difference of two heads, an ablation and
 * the attention rollout. Everything is computed in the background, only while the tab is shown; results of a
 * superseded text are dropped. FX thread only. Legend as in {@link ModelSpec}; T tokens.
 */
public final class HeadTableViewModel {
    /** Side of a row's sparkline in pixels. */
    public static final int SPARKLINE = 24;

    /** The difference of two heads' weights on the same text: (T, T) each, diff = a − b. */
    public record Difference(AttentionTrace trace, HeadMatrices a, HeadMatrices b, float[] diff) {
    }

    private final AppState state;

    // Properties
    private final ObservableList<HeadRow> rows = FXCollections.observableArrayList();
    private final ObservableList<HeadRow> rowsView = FXCollections.unmodifiableObservableList(rows); // kept: see rows()
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper computing = new ReadOnlyBooleanWrapper(this, "computing");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final StringProperty secondPrompt = new SimpleStringProperty(this, "secondPrompt", "");
    private final ReadOnlyObjectWrapper<AttentionTrace> secondTrace = new ReadOnlyObjectWrapper<>(this, "secondTrace");
    private final IntegerProperty headA = new SimpleIntegerProperty(this, "headA", 0);
    private final IntegerProperty headB = new SimpleIntegerProperty(this, "headB", 1);
    private final ReadOnlyObjectWrapper<Difference> difference = new ReadOnlyObjectWrapper<>(this, "difference");
    private final ObjectProperty<Ablation.Mode> ablationMode = new SimpleObjectProperty<>(this, "ablationMode", Ablation.Mode.ZERO);
    private final ReadOnlyObjectWrapper<Ablation> ablation = new ReadOnlyObjectWrapper<>(this, "ablation");
    private final ReadOnlyObjectWrapper<AttentionRollout> rollout = new ReadOnlyObjectWrapper<>(this, "rollout");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final BooleanProperty hideSinks = new SimpleBooleanProperty(this, "hideSinks");

    // One lane each: a newer request of the same kind makes the older one stale.
    private final BackgroundTask<Table> tableTask;
    private final BackgroundTask<AttentionTrace> secondTask;
    private final BackgroundTask<Difference> differenceTask;
    private final BackgroundTask<Ablation> ablationTask;
    private final BackgroundTask<AttentionRollout> rolloutTask;

    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active");
    private AttentionTrace computedFor; // the trace the rows belong to
    private volatile Probe probe;       // the induction probe of the last model: it depends on the model only

    public HeadTableViewModel(AppState state) {
        this.state = state;
        tableTask = new BackgroundTask<>(state.executor());
        secondTask = new BackgroundTask<>(state.executor());
        differenceTask = new BackgroundTask<>(state.executor());
        ablationTask = new BackgroundTask<>(state.executor());
        rolloutTask = new BackgroundTask<>(state.executor());
        tableTask.runningProperty().addListener((o, a, b) -> computing.set(b));
        tableTask.progressProperty().addListener((o, a, b) -> progress.set(Math.max(0, b.doubleValue())));
        state.traceProperty().addListener((o, a, t) -> traceChanged());
        state.modelProperty().addListener((o, a, m) -> {
            probe = null; // it holds its model: a closed model's weights must go
            secondTask.cancel();
            secondTrace.set(null);
            headA.set(0);
            headB.set(m != null && m.config().layers() * m.config().heads() > 1 ? 1 : 0);
        });
        headA.addListener((o, a, b) -> computeDifference());
        headB.addListener((o, a, b) -> computeDifference());
    }

    // ---- Properties -------------------------------------------------------------------------------------

    /** One row per head, by layer then head (the view sorts its own copy). Always the same list, so listeners stay. */
    public ObservableList<HeadRow> rows() {
        return rowsView;
    }

    /** Progress of the table's computation in [0, 1]. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty computingProperty() {
        return computing.getReadOnlyProperty();
    }

    /** What the table is of (text, probe), or why it is empty. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    public StringProperty secondPromptProperty() {
        return secondPrompt;
    }

    /** The second prompt's trace on the same model, for comparing one head on two texts. */
    public ReadOnlyObjectProperty<AttentionTrace> secondTraceProperty() {
        return secondTrace.getReadOnlyProperty();
    }

    /** Head A of the difference, as layer · H + head. */
    public IntegerProperty headAProperty() {
        return headA;
    }

    /** Head B of the difference, as layer · H + head. */
    public IntegerProperty headBProperty() {
        return headB;
    }

    public ReadOnlyObjectProperty<Difference> differenceProperty() {
        return difference.getReadOnlyProperty();
    }

    /** How {@link #ablateSelected()} switches the head off: its output zeroed, or set to its mean over the text. */
    public ObjectProperty<Ablation.Mode> ablationModeProperty() {
        return ablationMode;
    }

    /** The last ablation of the selected head on the current text. */
    public ReadOnlyObjectProperty<Ablation> ablationProperty() {
        return ablation.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AttentionRollout> rolloutProperty() {
        return rollout.getReadOnlyProperty();
    }

    /** Leave the first key (the sink) and special tokens out of every matrix of the panes and out of its scale. */
    public BooleanProperty hideSinksProperty() {
        return hideSinks;
    }

    /** (T) the columns the panes leave out for trace t: null while sinks are shown. */
    public boolean[] hiddenColumns(AttentionTrace t) {
        return hideSinks.get() ? MatrixColouring.sinkColumns(t.tokens().start(), t.tokens().end()) : null;
    }

    /** The last failure, readable; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public AppState state() {
        return state;
    }

    /** The rules that classify heads, with their thresholds (HeadKind's constants). */
    public static String kindRules() {
        return String.format(Locale.ROOT, "Kinds, first rule that holds wins:\n"
                        + "  induction — induction score ≥ %.2f (on the probe)\n"
                        + "  previous-token — previous-token score ≥ %.2f\n"
                        + "  sink — sink score ≥ %.2f\n"
                        + "  local — mean distance ≤ %.1f positions\n"
                        + "  broad — normalised entropy ≥ %.2f\n"
                        + "  mixed — none of these",
                HeadKind.INDUCTION_MIN, HeadKind.PREVIOUS_TOKEN_MIN, HeadKind.SINK_MIN, HeadKind.LOCAL_MAX_DISTANCE,
                HeadKind.BROAD_MIN_NORMALISED_ENTROPY);
    }

    // ---- Commands ---------------------------------------------------------------------------------------

    /** The tab is shown (or hidden): work runs only while it is. */
    public void setActive(boolean on) {
        if (active.get() == on) return;
        active.set(on);
        if (on) {
            if (computedFor != state.trace()) computeTable();
            if (rollout.get() == null) computeRollout();
            if (difference.get() == null) computeDifference();
        }
    }

    /** Whether the tab is shown; the panes draw only while it is. */
    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    /** Selects a row's head in the whole app. */
    public void select(HeadRow row) {
        if (row != null) state.selectHead(row.layer(), row.head());
    }

    /** Runs the second prompt on the same model. */
    public void runSecondPrompt() {
        LoadedModel m = state.model();
        String text = secondPrompt.get();
        if (m == null) return;
        if (text == null || text.isBlank()) {
            secondTask.cancel();
            secondTrace.set(null);
            return;
        }
        background(secondTask, "Second prompt", ctx -> {
            Tokens all = m.tokenizer().encode(text);
            Tokens used = all.size() > m.config().context() ? all.head(m.config().context()) : all;
            return AttentionTrace.capture(m.transformer(), used, ctx::isCancelled);
        }, secondTrace::set);
    }

    /** Switches the selected head off and re-runs the text. */
    public void ablateSelected() {
        AttentionTrace t = state.trace();
        if (t == null) return;
        int l = state.layer(), h = state.head();
        Ablation.Mode mode = ablationMode.get();
        background(ablationTask, String.format(Locale.ROOT, "Ablating head %d.%d", l, h),
                ctx -> Ablation.run(t, HeadMask.of(t.config(), new int[]{l, h}), mode), ablation::set);
    }

    // ---- Internals --------------------------------------------------------------------------------------

    private void traceChanged() {
        for (BackgroundTask<?> t : List.of(tableTask, differenceTask, ablationTask, rolloutTask)) t.cancel();
        rows.clear();
        difference.set(null);
        ablation.set(null);
        rollout.set(null);
        progress.set(0);
        computedFor = null;
        int H = state.model() == null ? 1 : state.model().config().heads() * state.model().config().layers();
        headA.set(Math.min(headA.get(), H - 1));
        headB.set(Math.min(headB.get(), H - 1));
        note.set(state.trace() == null ? AppState.EMPTY_HINT : "");
        if (active.get()) {
            computeTable();
            computeRollout();
            computeDifference();
        }
    }

    private record Table(HeadReport report, List<HeadRow> rows) {
    }

    private record Probe(LoadedModel model, Optional<InductionProbe.Result> result) {
    }

    private void computeTable() {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        computedFor = t;
        if (t == null || m == null) return;
        progress.set(0);
        ModelSpec c = t.config();
        background(tableTask, "Head table for " + c.layers() * c.heads() + " heads", ctx -> {
            List<WritableImage> sparks = new ArrayList<>();
            int n = c.layers() * c.heads();
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    if (ctx.isCancelled()) return null;
                    sparks.add(sparkline(t, l, h));
                    ctx.report(0.6 * sparks.size() / n, "");
                }
            Probe p = probe;
            if (p == null || p.model() != m)
                probe = p = new Probe(m, InductionProbe.run(m.transformer(), m.tokenizer(), HeadReport.PROBE_SEED));
            ctx.report(0.8, "");
            HeadReport r = HeadReport.of(List.of(t), p.result());
            List<HeadRow> out = new ArrayList<>();
            for (HeadStats s : r.heads()) out.add(new HeadRow(s, sparks.get(s.layer() * c.heads() + s.head())));
            return new Table(r, out);
        }, table -> {
            progress.set(1);
            rows.setAll(table.rows());
            note.set(String.format(Locale.ROOT, "%d heads on %d tokens of “%s”. %s", table.rows().size(), t.length(),
                    abbreviate(state.textProperty().get()), table.report().probe().map(p -> String.format(Locale.ROOT,
                            "Induction: measured on a seeded random sequence of %d tokens repeated twice.", p.half()))
                            .orElse("Induction: not measured (the context is too short for the probe).")));
        });
    }

    /**
     * The weights shrunk to at most SPARKLINE pixels a side, masked cells grey: block maxima of the thumbnail the pass
     * made (the same cells as shrinking the head's own matrix, since SPARKLINE divides the thumbnail's side), so no head
     * is rebuilt for it. Any thread.
     */
    static WritableImage sparkline(AttentionTrace t, int layer, int head) {
        int side = t.thumbnails().side(), S = Math.min(side, SPARKLINE);
        float[] small = MatrixRaster.downsampleMax(t.thumbnails().weights(layer, head), side, SPARKLINE); // (S, S)
        return MatrixRaster.toImage(MatrixRaster.rasterize(small, S, ValueScale.weights()), S, S);
    }

    /** A − B of the heads picked, on the current text. */
    private void computeDifference() {
        AttentionTrace t = state.trace();
        if (t == null || !active.get()) return;
        int H = t.config().heads(), a = headA.get(), b = headB.get();
        background(differenceTask, "Head difference", ctx -> {
            HeadMatrices ma = t.head(a / H, a % H), mb = t.head(b / H, b % H);
            float[] wa = ma.weights(), wb = mb.weights(), d = new float[wa.length]; // (T, T) each
            for (int x = 0; x < d.length; x++) d[x] = wa[x] - wb[x];
            return new Difference(t, ma, mb, d);
        }, difference::set);
    }

    private void computeRollout() {
        AttentionTrace t = state.trace();
        if (t == null || !active.get()) return;
        background(rolloutTask, "Attention rollout", ctx -> AttentionRollout.of(t), rollout::set);
    }

    private <T> void background(BackgroundTask<T> task, String what, BackgroundTask.Work<T> work,
                                java.util.function.Consumer<T> done) {
        error.set("");
        task.run(work, done, why -> error.set(what + " failed: " + why));
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 50 ? s.substring(0, 49) + "…" : s;
    }
}
