package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.attentionlens.analysis.TargetToken;
import org.attentionlens.analysis.patching.ActivationPatching;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.Objects;

/**
 * Activation patching with the current text as the clean prompt and a typed corrupted prompt of as many tokens:
 * the restored share of the logit difference for every head (layers × heads) and for the residual stream after
 * every layer at every position (layers × positions). Each grid runs only when asked: it costs a pass per cell.
 */
public final class PatchingViewModel extends ResearchViewModel {
    /**
     * One grid of restored shares.
     *
     * @param shares  (L)(H) or (L)(T), 1 = the clean margin restored, 0 = none
     * @param columns (H) head names or (T) the corrupted prompt's tokens as displayed
     */
    public record Grid(double[][] shares, String[] columns, boolean positions, String target, String versus,
                       double cleanDiff, double corruptedDiff) {
    }

    private final StringProperty corrupted = new SimpleStringProperty(this, "corrupted", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty versus = new SimpleStringProperty(this, "versus", "");
    private final ReadOnlyObjectWrapper<Grid> heads = new ReadOnlyObjectWrapper<>(this, "heads");
    private final ReadOnlyObjectWrapper<Grid> residual = new ReadOnlyObjectWrapper<>(this, "residual");
    private final BackgroundTask<Grid> headTask = lane(), residualTask = lane();
    private volatile Setup setup; // the last prepared experiment, reused by the other grid

    /** A prepared experiment and what it was prepared for. */
    private record Setup(AttentionTrace clean, String corrupted, String target, String versus, ActivationPatching p,
                         String[] tokens) {
        boolean isFor(AttentionTrace t, String c, String a, String b) {
            return clean == t && corrupted.equals(c) && target.equals(a) && versus.equals(b);
        }
    }

    public PatchingViewModel(AppState state) {
        super(state);
    }

    /** The corrupted prompt: the clean text with something changed, as many tokens long. */
    public StringProperty corruptedProperty() {
        return corrupted;
    }

    /** The answer token; blank: the clean run's prediction. */
    public StringProperty targetProperty() {
        return target;
    }

    /** The token it is measured against; blank: the corrupted run's prediction. */
    public StringProperty versusProperty() {
        return versus;
    }

    public ReadOnlyObjectProperty<Grid> headsProperty() {
        return heads.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Grid> residualProperty() {
        return residual.getReadOnlyProperty();
    }

    /** Patches every head's clean output into the corrupted run, one head at a time. */
    public void patchHeads() {
        start(headTask, "Patching heads", false, heads::set);
    }

    /** Patches the clean residual stream after every layer at every position, one at a time. */
    public void patchResidual() {
        start(residualTask, "Patching the residual stream", true, residual::set);
    }

    private void start(BackgroundTask<Grid> lane, String what, boolean positions, java.util.function.Consumer<Grid> done) {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        String c = Objects.requireNonNullElse(corrupted.get(), ""), a = Objects.requireNonNullElse(target.get(), ""),
                b = Objects.requireNonNullElse(versus.get(), "");
        if (c.isBlank()) {
            fail("Type a corrupted prompt: the text with a word changed, as many tokens long.");
            return;
        }
        run(lane, what, progress -> {
            Setup s = prepared(m, t, c, a, b);
            ActivationPatching p = s.p();
            double[][] shares = positions ? p.residual(progress) : p.heads(progress);
            String[] columns = positions ? s.tokens() : names(m.config().heads());
            return new Grid(shares, columns, positions, m.tokenizer().displayToken(p.target()),
                    m.tokenizer().displayToken(p.versus()), p.cleanDiff(), p.corruptedDiff());
        }, done);
    }

    private Setup prepared(LoadedModel m, AttentionTrace t, String c, String a, String b) {
        Setup s = setup;
        if (s != null && s.isFor(t, c, a, b)) return s;
        Tokens bad = m.tokenizer().encode(c);
        int V = m.config().vocabSize();
        ActivationPatching p = ActivationPatching.prepare(m.transformer(), t.tokens(), bad,
                a.isBlank() ? -1 : TargetToken.parse(m.tokenizer(), V, a), b.isBlank() ? -1 : TargetToken.parse(m.tokenizer(), V, b));
        setup = s = new Setup(t, c, a, b, p, bad.display());
        return s;
    }

    private static String[] names(int H) {
        String[] out = new String[H];
        for (int h = 0; h < H; h++) out[h] = "H" + h;
        return out;
    }

    @Override
    void clearResults() {
        heads.set(null);
        residual.set(null);
        setup = null;
    }
}
