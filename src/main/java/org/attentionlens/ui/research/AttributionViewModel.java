package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.attentionlens.analysis.Applicability;
import org.attentionlens.analysis.TargetToken;
import org.attentionlens.analysis.attribution.DirectLogitAttribution;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

/**
 * Direct logit attribution on the current text: every head's and MLP's share of l_target − l_versus after the last
 * token. Blank tokens take the model's top prediction against its runner-up. Recomputed when the text changes while
 * the pane is shown.
 */
public final class AttributionViewModel extends ResearchViewModel {
    /** An attribution with its two tokens as displayed. */
    public record Shown(DirectLogitAttribution attribution, String target, String versus) {
    }

    private final ReadOnlyObjectWrapper<Shown> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty versus = new SimpleStringProperty(this, "versus", "");
    private final BackgroundTask<Shown> task = lane();

    public AttributionViewModel(AppState state) {
        super(state);
    }

    public ReadOnlyObjectProperty<Shown> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The token pushed up; blank: the model's prediction. */
    public StringProperty targetProperty() {
        return target;
    }

    /** The token it is measured against; blank: the most likely other token. */
    public StringProperty versusProperty() {
        return versus;
    }

    @Override
    public void compute() {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        String a = target.get(), b = versus.get();
        run(task, "Direct logit attribution", progress -> {
            Applicability.requireAdditiveStream(m.config(), "Direct logit attribution");
            int V = m.config().vocabSize();
            int[] top = Ranking.top(Probabilities.softmax(t.logitsLast()), 2);
            int ia = blank(a) ? top[0] : TargetToken.parse(m.tokenizer(), V, a);
            int ib = blank(b) ? (top[0] != ia ? top[0] : top[1]) : TargetToken.parse(m.tokenizer(), V, b);
            if (ia == ib) throw new IllegalArgumentException("the two tokens are the same: choose another to compare with");
            DirectLogitAttribution d = DirectLogitAttribution.run(m.transformer(), t.tokens().ids(), ia, ib);
            return new Shown(d, m.tokenizer().displayToken(ia), m.tokenizer().displayToken(ib));
        }, shown::set);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    void clearResults() {
        shown.set(null);
    }
}
