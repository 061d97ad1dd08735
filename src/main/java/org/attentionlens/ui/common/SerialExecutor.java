package org.attentionlens.ui.common;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on another executor. Forward passes go through one of these, so
 * quick edits never run several passes side by side on a two-core machine: a queued pass that became
 * stale is cancelled before it starts (a cancelled FutureTask does nothing when run).
 */
public final class SerialExecutor implements Executor {
    private final Executor executor;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private Runnable active;

    public SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public synchronized void execute(Runnable task) {
        queue.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) next();
    }

    private synchronized void next() {
        active = queue.poll();
        if (active != null) executor.execute(active);
    }
}
