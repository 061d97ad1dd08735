package org.attentionlens.ui.research;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.Applicability;
import org.attentionlens.analysis.knockout.AttentionKnockout;
import org.attentionlens.analysis.knockout.EdgeKnockout;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Attention knockout (a query → key edge, or a key from every later query, blocked in a range of layers, in every
 * head or the selected one) and head ablation (the selected head's output zeroed or set to its mean), each re-running
 * the current text and showing how the next-token distribution moved.
 */
public final class KnockoutViewModel extends ResearchViewModel {
    /** One token's probability before and after, as displayed. */
    public record TokenRow(String token, double before, double after) {
    }

    /**
     * What an intervention did.
     *
     * @param blockedWeight the attention weight the blocked edges held (NaN for an ablation)
     */
    public record Outcome(String what, double blockedWeight, double kl, double maxDeltaP, List<TokenRow> top) {
    }

    private final IntegerProperty query = new SimpleIntegerProperty(this, "query", 0);
    private final IntegerProperty key = new SimpleIntegerProperty(this, "key", 0);
    private final BooleanProperty everyLaterQuery = new SimpleBooleanProperty(this, "everyLaterQuery");
    private final IntegerProperty firstLayer = new SimpleIntegerProperty(this, "firstLayer", 0);
    private final IntegerProperty lastLayer = new SimpleIntegerProperty(this, "lastLayer", 0);
    private final BooleanProperty selectedHeadOnly = new SimpleBooleanProperty(this, "selectedHeadOnly");
    private final ObjectProperty<Ablation.Mode> ablation = new SimpleObjectProperty<>(this, "ablation", Ablation.Mode.ZERO);
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private final BackgroundTask<Outcome> task = lane();

    public KnockoutViewModel(AppState state) {
        super(state);
        state.modelProperty().addListener((o, a, m) -> {
            if (m == null) return;
            firstLayer.set(0);
            lastLayer.set(m.config().layers() - 1);
        });
        if (state.model() != null) lastLayer.set(state.model().config().layers() - 1);
    }

    /** The query position of the edge. */
    public IntegerProperty queryProperty() {
        return query;
    }

    /** The key position. */
    public IntegerProperty keyProperty() {
        return key;
    }

    /** Block the key from every later query instead of from one query. */
    public BooleanProperty everyLaterQueryProperty() {
        return everyLaterQuery;
    }

    public IntegerProperty firstLayerProperty() {
        return firstLayer;
    }

    public IntegerProperty lastLayerProperty() {
        return lastLayer;
    }

    /** Block in the app's selected head only (else in every head). */
    public BooleanProperty selectedHeadOnlyProperty() {
        return selectedHeadOnly;
    }

    /** How {@link #ablateSelectedHead()} switches a head off. */
    public ObjectProperty<Ablation.Mode> ablationProperty() {
        return ablation;
    }

    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Takes the app's selected cell (query row, key column) as the edge. */
    public void useSelectedCell() {
        query.set(state.query());
        key.set(state.key());
    }

    /** Re-runs the text with the edges blocked. */
    public void knockOut() {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        ModelSpec c = m.config();
        int q = query.get(), k = key.get(), first = firstLayer.get(), last = lastLayer.get(), head = state.head();
        boolean later = everyLaterQuery.get(), one = selectedHeadOnly.get();
        run(task, "Knocking out attention", progress -> {
            EdgeKnockout block = later ? EdgeKnockout.key(c, first, last, k) : EdgeKnockout.edge(c, first, last, q, k);
            if (one) block = block.inHeads(c, head);
            AttentionKnockout r = AttentionKnockout.run(t, block);
            return outcome("Blocked " + block.describe(), r.blockedMass(), r.shift(), m.tokenizer());
        }, outcome::set);
    }

    /** Re-runs the text with the selected head switched off (zero or mean ablation). */
    public void ablateSelectedHead() {
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        int l = state.layer(), h = state.head();
        Ablation.Mode mode = ablation.get();
        run(task, "Ablating head " + l + "." + h, progress -> {
            Applicability.requireNextTokenHead(m.config(), "Watching the next token move");
            Ablation a = Ablation.run(t, HeadMask.of(m.config(), new int[]{l, h}), mode);
            return outcome(String.format(Locale.ROOT, "Head %d.%d %s", l, h, mode == Ablation.Mode.ZERO
                    ? "zeroed" : "set to its mean output over the text"), Double.NaN, a.nextToken(), m.tokenizer());
        }, outcome::set);
    }

    private static Outcome outcome(String what, double blocked, Ablation.NextTokenShift s, Tokenizer tk) {
        List<TokenRow> rows = new ArrayList<>();
        for (Ablation.TokenShift t : s.top()) rows.add(new TokenRow(tk.displayToken(t.id()), t.pBefore(), t.pAfter()));
        return new Outcome(what, blocked, s.klDivergence(), s.maxAbsDeltaP(), rows);
    }

    @Override
    void clearResults() {
        outcome.set(null);
    }
}
