package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import javafx.beans.value.ObservableBooleanValue;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.Arrays;

/**
 * The lecture as a tab of the app: it follows the app's text, layer, head and selected cell (query, key); opening a
 * session sets the model, text and selection of the whole window (the lecture then applies the session's stage,
 * notes and decode step). While the tab is hidden it only notes that the selection changed and catches up when
 * shown (a walk of GPT-2-small at 512 tokens takes ~50 ms).
 */
public final class LectureTab {
    private final AppState state;
    private final LectureViewModel vm;
    private final BackgroundTask<HeadWalk> walks; // a newer selection's walk makes an older one stale
    private final ObservableBooleanValue showing;
    private boolean stale = true;

    private LectureTab(AppState state, ObservableBooleanValue showing) {
        this.state = state;
        this.showing = showing;
        this.vm = new LectureViewModel(state.executor());
        this.walks = new BackgroundTask<>(state.executor());
        vm.setModels(id -> state.source().load(id, (f, msg) -> {
        }));
        vm.setOpener(s -> state.open(s.model(), s.text(), s.layer(), s.head(), s.query(), s.key()));
    }

    /** A lecture view that follows the app's state whenever {@code showing} is true. */
    public static LectureView create(AppState state, ObservableBooleanValue showing) {
        LectureTab tab = new LectureTab(state, showing);
        LectureView view = new LectureView(tab.vm);
        for (var p : java.util.List.of(state.traceProperty(), state.layerProperty(), state.headProperty(),
                state.queryProperty(), state.keyProperty())) p.addListener(o -> tab.changed());
        showing.addListener((o, was, now) -> {
            if (now && tab.stale) tab.changed();
        });
        tab.changed();
        return view;
    }

    private void changed() {
        if (!showing.get()) dropStale();
        stale = !showing.get() || !follow();
    }

    /**
     * A hidden lecture lets go of slides of a pass the app no longer shows (another text or another model): they hold
     * that pass's capture and its model's weights, which must be released (memory stays one pass). Shown again, it
     * follows the current one.
     */
    private void dropStale() {
        LectureSource src = vm.getSource();
        AttentionTrace now = state.trace();
        boolean otherText = now != null && src != null && src.trace() != now
                && !Arrays.equals(src.trace().tokens().ids(), now.tokens().ids());
        if (src != null && (src.model() != state.model() || otherText)) {
            walks.cancel();
            vm.clear();
        }
    }

    /** Loads the app's selection into the lecture; false while the app is between a model and its trace. */
    private boolean follow() {
        AttentionTrace trace = state.trace();
        LoadedModel model = state.model();
        if (trace == null && model != null && !state.busyProperty().get()) {
            walks.cancel();
            vm.clear(); // the text was cleared: no slides of the old sentence
            return true;
        }
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
        walks.run(ctx -> LectureViewModel.walkOf(src, layer, head, query, key), w -> vm.follow(src, w));
        return true;
    }
}
