package org.attentionlens.ui.common;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.attentionlens.errors.UserMessage;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The one way the UI runs long work: off the FX thread, cancelable, with progress, its result or failure applied
 * through the executor's dispatcher (the FX thread). One instance is one lane of work, and starting a run makes
 * the lane's previous run stale: it is cancelled, and whatever it still reports or returns is dropped. So a view
 * model keeps one task per kind of work instead of counting generations by hand.
 * Properties are changed through the dispatcher only.
 *
 * @param <T> what the work returns
 */
public final class BackgroundTask<T> {
    /** The work; it may report progress and should stop early once {@link Context#isCancelled()}. */
    @FunctionalInterface
    public interface Work<T> {
        T call(Context context) throws Exception;
    }

    /** What a running work can see and say. */
    public interface Context {
        /** True once a newer run (or {@link #cancel()}) made this one stale. */
        boolean isCancelled();

        /** Progress in [0, 1] (or -1 when unknown) and what is happening; dropped when stale. */
        void report(double fraction, String message);
    }

    private final TaskExecutor executor;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private Run current;

    public BackgroundTask(TaskExecutor executor) {
        this.executor = executor;
    }

    /** A run is under way (its result not yet applied). */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The running work's progress in [0, 1], -1 when unknown, 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the running work last said it is doing; empty when idle. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last run's failure as one readable line; empty after a success or while running. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Runs work in the background; onSuccess gets its result unless a newer run came first. */
    public void run(Work<T> work, Consumer<? super T> onSuccess) {
        run(work, onSuccess, why -> {
        });
    }

    /**
     * Runs work in the background, making any earlier run of this task stale. onSuccess gets the result, or
     * onFailure the failure as one readable line (also in {@link #errorProperty()}); a cancelled work gets neither.
     */
    public void run(Work<T> work, Consumer<? super T> onSuccess, Consumer<String> onFailure) {
        cancel();
        Run run = new Run();
        current = run;
        error.set("");
        message.set("");
        progress.set(-1);
        running.set(true);
        executor.work().execute(() -> {
            if (run.cancelled) return; // stale before it started (queued behind other work)
            try {
                T value = work.call(run);
                executor.dispatch().execute(() -> {
                    if (finish(run)) onSuccess.accept(value);
                });
            } catch (CancellationException e) {
                // a newer run took over; nobody waits for this one
            } catch (Throwable t) {
                String why = UserMessage.of(t);
                executor.dispatch().execute(() -> {
                    if (!finish(run)) return;
                    error.set(why);
                    onFailure.accept(why);
                });
            }
        });
    }

    /** Makes the current run stale: it is asked to stop, and its result will be dropped. */
    public void cancel() {
        if (current != null) current.cancelled = true;
        current = null;
        idle();
    }

    /** True (and idle again) when run is still the current one, so its result applies. */
    private boolean finish(Run run) {
        if (run != current) return false;
        current = null;
        idle();
        return true;
    }

    private void idle() {
        running.set(false);
        progress.set(0);
        message.set("");
    }

    private final class Run implements Context {
        volatile boolean cancelled;

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void report(double fraction, String what) {
            if (cancelled) return;
            executor.dispatch().execute(() -> {
                if (current != this) return;
                progress.set(fraction);
                if (what != null && !what.isEmpty()) message.set(what);
            });
        }
    }
}
