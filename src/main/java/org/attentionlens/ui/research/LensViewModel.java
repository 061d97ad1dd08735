package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.attentionlens.analysis.TargetToken;
import org.attentionlens.analysis.lens.LogitLens;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

/**
 * The logit lens of the current text: every layer × position read through the final norm and the head, with the
 * top tokens spelled for display and, when a target token is typed, its probability and rank. Recomputed when the
 * text changes while the pane is shown. Legend: L layers, T tokens, k tokens kept per cell.
 */
public final class LensViewModel extends ResearchViewModel {
    /** Tokens kept per cell: the hover box lists them. */
    public static final int TOP = 5;

    /**
     * A lens ready to draw.
     *
     * @param columns (T) the text's tokens as displayed
     * @param top     (L)(T)(k) the top tokens of each cell as displayed
     * @param target  the target as displayed, or null
     */
    public record Shown(LogitLens lens, String[] columns, String[][][] top, String target) {
    }

    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final BackgroundTask<Shown> task = lane();

    public LensViewModel(AppState state) {
        super(state);
    }

    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** A token to follow through the layers, as the tokenizer spells it (" Paris") or id:N; blank for none. */
    public StringProperty targetProperty() {
        return target;
    }

    /** Reads the current text again (after the target changed). */
    @Override
    public void compute() {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        String wanted = target.get();
        run(task, "Logit lens", progress -> {
            Tokenizer tk = m.tokenizer();
            int id = wanted == null || wanted.isBlank() ? -1 : TargetToken.parse(tk, m.config().vocabSize(), wanted);
            LogitLens lens = LogitLens.of(t, id, TOP, progress);
            String[][][] top = new String[lens.layers()][lens.positions()][];
            for (int l = 0; l < lens.layers(); l++)
                for (int p = 0; p < lens.positions(); p++) {
                    int[] ids = lens.cell(l, p).topIds();
                    top[l][p] = new String[ids.length];
                    for (int i = 0; i < ids.length; i++) top[l][p][i] = tk.displayToken(ids[i]);
                }
            return new Shown(lens, t.tokens().display(), top, id < 0 ? null : tk.displayToken(id));
        }, shown::set);
    }

    @Override
    void clearResults() {
        shown.set(null);
    }
}
