package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.compare.CheckpointComparison;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;

/**
 * The loaded model (A) against a second checkpoint of it (B: another step of a run, or its fine-tune) on the current
 * text: every head's statistics side by side with deltas, how far its attention and its weights moved, and the
 * selected head's weights in A, in B and their difference. The second checkpoint is kept across texts; a new text
 * is compared again by itself while the pane is shown.
 */
public final class CompareViewModel extends ResearchViewModel {
    /** One head of both checkpoints. weights: ‖ΔW‖/‖W‖ of W_Q, W_K, W_V, W_O. */
    public record Row(HeadStats a, HeadStats b, double patternChange, double[] weights) {
        public String name() {
            return a.layer() + "." + a.head();
        }
    }

    private final ReadOnlyObjectWrapper<CheckpointComparison> comparison = new ReadOnlyObjectWrapper<>(this, "comparison");
    private final ReadOnlyObjectWrapper<List<Row>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ReadOnlyStringWrapper second = new ReadOnlyStringWrapper(this, "second", "");
    private final BackgroundTask<CheckpointComparison> task = lane();
    private volatile LoadedModel secondModel;
    private String secondId;

    public CompareViewModel(AppState state) {
        super(state);
    }

    public ReadOnlyObjectProperty<CheckpointComparison> comparisonProperty() {
        return comparison.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<Row>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** Which checkpoint B is (its id or folder), empty before one is chosen. */
    public ReadOnlyStringProperty secondProperty() {
        return second.getReadOnlyProperty();
    }

    /** Loads checkpoint B (a built-in id or a folder) and compares it with the loaded model on the current text. */
    public void compareWith(String idOrFolder) {
        secondId = idOrFolder;
        secondModel = null;
        second.set(idOrFolder);
        compute();
    }

    @Override
    void compute() {
        AttentionTrace t = state.trace();
        LoadedModel a = state.model();
        String id = secondId;
        if (t == null || a == null || id == null) return;
        run(task, "Comparing with " + id, progress -> {
            LoadedModel b = secondModel;
            if (b == null || !b.id().equals(id)) {
                progress.report(0, "Loading " + id);
                secondModel = b = state.source().load(id, (f, what) -> progress.report(0.5 * f, what));
            }
            return CheckpointComparison.run(a.transformer(), a.tokenizer(), b.transformer(), b.tokenizer(), t.tokens(),
                    (f, what) -> progress.report(0.5 + 0.5 * f, what));
        }, c -> {
            comparison.set(c);
            rows.set(rows(c));
        });
    }

    static List<Row> rows(CheckpointComparison c) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < c.a().heads().size(); i++) {
            HeadStats a = c.a().heads().get(i), b = c.b().heads().get(i);
            out.add(new Row(a, b, c.patternChange()[a.layer()][a.head()], c.weightChange()[a.layer()][a.head()]));
        }
        return out;
    }

    @Override
    void clearResults() {
        comparison.set(null);
        rows.set(List.of());
    }
}
