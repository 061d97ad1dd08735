package org.attentionlens.ui.common;

import javafx.application.Platform;

import java.util.concurrent.Executor;

/**
 * Where background work runs and where its results are handed back (JabRef's TaskExecutor). The app runs work on
 * a pool of worker threads and hands results to the FX thread; tests use {@link #currentThread()}, which does
 * both in the caller, so a view model's command has run and its result is applied when the call returns.
 *
 * @param work     runs background work (never the FX thread in the app)
 * @param dispatch runs updates of properties (the FX thread in the app)
 */
public record TaskExecutor(Executor work, Executor dispatch) {

    /** The app's: the worker pool for work, {@link Platform#runLater} for results. */
    public static TaskExecutor fx(Executor pool) {
        return new TaskExecutor(pool, Platform::runLater);
    }

    /** Everything in the calling thread, at once: deterministic view-model tests without an FX thread. */
    public static TaskExecutor currentThread() {
        return new TaskExecutor(Runnable::run, Runnable::run);
    }

    /**
     * The same dispatcher with work run one task at a time, in order: forward passes and loads never run side by
     * side on a two-core machine, and a queued task that became stale never starts.
     */
    public TaskExecutor serial() {
        return work instanceof SerialExecutor ? this : new TaskExecutor(new SerialExecutor(work), dispatch);
    }
}
