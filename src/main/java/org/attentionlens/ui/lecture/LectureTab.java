package org.attentionlens.ui.lecture;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.app.AppState;

/**
 * The lecture as a tab of the app: it follows the app's text, layer, head and selected cell (query, key), and
 * opens sessions with the app's model source and workers. Wire it with
 * {@code mainWindow.addTab("Lecture", LectureTab.create(state))}.
 */
public final class LectureTab {
    private LectureTab() {
    }

    public static LectureView create(AppState state) {
        LectureViewModel vm = new LectureViewModel();
        LectureView view = new LectureView(vm);
        view.setModels(id -> state.source().load(id, (f, msg) -> {
        }));
        view.setExecutor(state.executor());
        Runnable follow = () -> follow(state, vm);
        state.traceProperty().addListener(o -> follow.run());
        state.layerProperty().addListener(o -> follow.run());
        state.headProperty().addListener(o -> follow.run());
        state.queryProperty().addListener(o -> follow.run());
        state.keyProperty().addListener(o -> follow.run());
        follow.run();
        return view;
    }

    private static void follow(AppState state, LectureViewModel vm) {
        AttentionTrace trace = state.trace();
        LoadedModel model = state.model();
        // While a new model loads, the trace still belongs to the old one: wait for its own trace.
        if (trace == null || model == null || trace.model() != model.transformer()) return;
        int T = trace.length();
        if (state.query() >= T || state.key() >= T) return;
        // The text may already be the next one, still running: a session must save the text of this trace.
        String text = state.textProperty().get();
        int[] ids = model.tokenizer().encode(text).ids();
        if (!java.util.Arrays.equals(java.util.Arrays.copyOf(ids, Math.min(ids.length, T)), trace.tokens().ids())) return;
        vm.load(model, text, trace, state.layer(), state.head(), state.query(), state.key());
    }
}
