package org.attentionlens.ui.lecture;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Tab;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.FxWork;

import java.util.Arrays;

/**
 * The lecture as a tab of the app: it follows the app's text, layer, head and selected cell (query, key), and
 * opens sessions with the app's model source and workers. While the tab is hidden it only notes that the
 * selection changed and catches up when shown (a walk of GPT-2-small at 512 tokens takes ~50 ms).
 */
public final class LectureTab {
    private LectureTab() {
    }

    /** Adds the "Lecture" tab to the main window. */
    public static Tab install(MainWindow window) {
        BooleanProperty showing = new SimpleBooleanProperty(false);
        LectureView view = create(window.state(), showing);
        Tab tab = window.addTab("Lecture", view);
        showing.bind(tab.selectedProperty());
        return tab;
    }

    /** A lecture view that follows the app's state whenever {@code showing} is true. */
    public static LectureView create(AppState state, ObservableBooleanValue showing) {
        LectureViewModel vm = new LectureViewModel();
        LectureView view = new LectureView(vm);
        view.setModels(id -> state.source().load(id, (f, msg) -> {
        }));
        view.setExecutor(state.executor());
        boolean[] stale = {true};
        long[] latest = {0}; // the newest request: walks run in parallel and may finish in any order
        Runnable follow = () -> {
            stale[0] = !showing.get() || !follow(state, vm, latest);
        };
        state.traceProperty().addListener(o -> follow.run());
        state.layerProperty().addListener(o -> follow.run());
        state.headProperty().addListener(o -> follow.run());
        state.queryProperty().addListener(o -> follow.run());
        state.keyProperty().addListener(o -> follow.run());
        showing.addListener((o, was, now) -> {
            if (now && stale[0]) follow.run();
        });
        follow.run();
        return view;
    }

    /**
     * Loads the app's selection into the lecture; false while the app is between a model and its trace. Only the
     * walk of the newest request is shown (latest[0] numbers the requests; both run on the FX thread).
     */
    private static boolean follow(AppState state, LectureViewModel vm, long[] latest) {
        AttentionTrace trace = state.trace();
        LoadedModel model = state.model();
        // While a new model loads, the trace still belongs to the old one: wait for its own trace.
        if (trace == null || model == null || trace.model() != model.transformer()) return false;
        int T = trace.length();
        if (state.query() >= T || state.key() >= T) return false;
        // The text may already be the next one, still running: a session must save the text of this trace.
        String text = state.textProperty().get();
        int[] ids = model.tokenizer().encode(text).ids();
        if (!Arrays.equals(Arrays.copyOf(ids, Math.min(ids.length, T)), trace.tokens().ids())) return false;
        // The walk recomputes LN and one head's projections (tens of ms at 512 tokens): off the FX thread.
        LectureSource src = LectureSource.of(model, text, trace);
        int layer = state.layer(), head = state.head(), query = state.query(), key = state.key();
        long request = ++latest[0];
        FxWork.supply(state.executor(), () -> LectureViewModel.walkOf(src, layer, head, query, key))
                .thenAccept(walk -> {
                    // a newer selection's walk, or a newer trace, replaces this one
                    if (request == latest[0] && state.trace() == trace) vm.show(src, walk);
                });
        return true;
    }
}
