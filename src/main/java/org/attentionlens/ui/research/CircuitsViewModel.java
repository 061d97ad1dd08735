package org.attentionlens.ui.research;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.attentionlens.analysis.circuits.CircuitScores;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;

/**
 * QK and OV circuit scores of the loaded model (weights only, so they depend on the model, not the text): a row per
 * head with its copying score and the head of an earlier layer it composes with most through its query, key and
 * value; and the composition matrix of a chosen kind. Computed by itself for models of up to
 * {@value #AUTOMATIC_HEADS} heads, on request for larger ones (a 1B model takes a while).
 */
public final class CircuitsViewModel extends ResearchViewModel {
    /** Models with at most this many heads get their scores as soon as the pane is shown. */
    public static final int AUTOMATIC_HEADS = 256;

    /** A head's strongest partner of one kind: the earlier head it reads most from, or none. */
    public record Partner(String head, double score) {
    }

    /** One head: its copying score and, per kind (Q, K, V), the earlier head it composes with most. */
    public record Row(int layer, int head, double copying, Partner q, Partner k, Partner v) {
        public String name() {
            return layer + "." + head;
        }
    }

    private final ReadOnlyObjectWrapper<CircuitScores> scores = new ReadOnlyObjectWrapper<>(this, "scores");
    private final ReadOnlyObjectWrapper<List<Row>> rows = new ReadOnlyObjectWrapper<>(this, "rows", List.of());
    private final ObjectProperty<CircuitScores.Kind> kind = new SimpleObjectProperty<>(this, "kind", CircuitScores.Kind.K);
    private final BackgroundTask<CircuitScores> task = lane();

    public CircuitsViewModel(AppState state) {
        super(state);
    }

    public ReadOnlyObjectProperty<CircuitScores> scoresProperty() {
        return scores.getReadOnlyProperty();
    }

    /** A row per head, by layer then head (the table sorts its own copy). */
    public ReadOnlyObjectProperty<List<Row>> rowsProperty() {
        return rows.getReadOnlyProperty();
    }

    /** Which composition the matrix shows. */
    public ObjectProperty<CircuitScores.Kind> kindProperty() {
        return kind;
    }

    /** The scores depend on the weights alone. */
    @Override
    Object key() {
        return state.model();
    }

    /** Small models on their own; large ones wait for {@link #computeNow()}. */
    @Override
    void compute() {
        LoadedModel m = state.model();
        if (m != null && m.config().layers() * m.config().heads() <= AUTOMATIC_HEADS) computeNow();
    }

    public void computeNow() {
        LoadedModel m = state.model();
        if (m == null) return;
        run(task, "Circuit scores of " + m.config().layers() * m.config().heads() + " heads",
                progress -> CircuitScores.run(m.transformer(), progress), s -> {
                    scores.set(s);
                    rows.set(rows(m.config(), s));
                });
    }

    /** Whether the model is large enough that scores wait for a request. */
    public boolean onRequest() {
        LoadedModel m = state.model();
        return m != null && m.config().layers() * m.config().heads() > AUTOMATIC_HEADS;
    }

    static List<Row> rows(ModelSpec c, CircuitScores s) {
        List<Row> out = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++)
                out.add(new Row(l, h, s.copying()[l][h], strongest(s, CircuitScores.Kind.Q, l, h),
                        strongest(s, CircuitScores.Kind.K, l, h), strongest(s, CircuitScores.Kind.V, l, h)));
        return out;
    }

    private static Partner strongest(CircuitScores s, CircuitScores.Kind kind, int l, int h) {
        Partner best = null;
        for (int l1 = 0; l1 < l; l1++)
            for (int h1 = 0; h1 < s.heads(); h1++) {
                double x = s.composition(kind, l1, h1, l, h);
                if (!Double.isNaN(x) && (best == null || x > best.score())) best = new Partner(l1 + "." + h1, x);
            }
        return best;
    }

    @Override
    void clearResults() {
        scores.set(null);
        rows.set(List.of());
    }
}
