package org.attentionlens.ui.research;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.attentionlens.io.Progress;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * What every research pane's view model shares: it works only while its pane is shown, recomputes what it shows
 * automatically when the text or model changes (if anything), runs every computation through a
 * {@link BackgroundTask} with progress and cancel, and says in one line what failed or why a method does not apply.
 * FX thread only.
 */
abstract class ResearchViewModel {
    /** A computation that reports its progress (and stops, by throwing, once cancelled). */
    @FunctionalInterface
    interface Job<T> {
        T call(Progress progress) throws Exception;
    }

    protected final AppState state;
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
    private final List<BackgroundTask<?>> lanes = new ArrayList<>();
    private boolean active;
    private Object shownFor; // the trace (or model) the pane last computed for

    ResearchViewModel(AppState state) {
        this.state = state;
        state.traceProperty().addListener((o, a, t) -> {
            if (key() == t) changed();
        });
        state.modelProperty().addListener((o, a, m) -> {
            if (key() == m) changed();
        });
    }

    // ---- Properties -------------------------------------------------------------------------------------

    /** Why the last computation failed or does not apply, in one line; empty when all is well. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The running computation's progress in [0, 1], −1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What the running computation is doing. */
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    public AppState state() {
        return state;
    }

    // ---- Commands ---------------------------------------------------------------------------------------

    /** The pane is shown (or hidden): work runs only while it is. */
    public void setActive(boolean on) {
        if (active == on) return;
        active = on;
        if (on && shownFor != key()) changed();
    }

    /** Stops whatever this pane is computing. */
    public void cancel() {
        for (BackgroundTask<?> t : lanes) t.cancel();
        activity.set("");
    }

    // ---- For the panes ----------------------------------------------------------------------------------

    boolean active() {
        return active;
    }

    /** A new lane of work: starting a run on it makes its previous run stale. */
    <T> BackgroundTask<T> lane() {
        BackgroundTask<T> t = new BackgroundTask<>(state.executor());
        lanes.add(t);
        t.runningProperty().addListener((o, a, b) -> running.set(lanes.stream().anyMatch(BackgroundTask::isRunning)));
        t.progressProperty().addListener((o, a, b) -> {
            if (t.isRunning()) progress.set(b.doubleValue());
        });
        t.messageProperty().addListener((o, a, b) -> {
            if (t.isRunning() && !b.isEmpty()) activity.set(b);
        });
        return t;
    }

    /** Runs job on the lane; done gets its result on the FX thread unless a newer run came first. */
    <T> void run(BackgroundTask<T> lane, String what, Job<T> job, Consumer<T> done) {
        error.set("");
        activity.set(what + "…");
        lane.run(ctx -> job.call((fraction, message) -> {
            if (ctx.isCancelled()) throw new CancellationException(what + " cancelled");
            ctx.report(fraction, message);
        }), result -> {
            activity.set("");
            done.accept(result);
        }, why -> {
            activity.set("");
            error.set(what + ": " + why);
        });
    }

    /** Says why nothing is shown (a method that does not apply, a bad token). */
    void fail(String why) {
        error.set(why);
    }

    void clearError() {
        error.set("");
    }

    /**
     * What the results belong to: the trace by default (a new text or model makes them stale), the model for
     * results of the weights alone, or anything else (results that belong to no text, such as a run's timeline).
     */
    Object key() {
        return state.trace();
    }

    /** Drops every result (the text or model they were for is gone). */
    abstract void clearResults();

    /** Computes what the pane shows without being asked (e.g. the lens of a new text); nothing by default. */
    void compute() {
    }

    /** The text or model changed: drop what is shown, and recompute if the pane is shown. */
    private void changed() {
        cancel();
        clearError();
        clearResults();
        shownFor = active ? key() : null;
        if (active) compute();
    }
}
