package org.attentionlens.ui.common;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on another executor (see {@link TaskExecutor#serial()}): quick edits never
 * run several passes side by side on a two-core machine.
 */
final class SerialExecutor implements Executor {
    private final Executor executor;
    private final Queue<Runnable> queue = new ArrayDeque<>();
    private Runnable active;

    SerialExecutor(Executor executor) {
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
