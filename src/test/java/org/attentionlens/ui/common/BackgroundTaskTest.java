package org.attentionlens.ui.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one background-task type, run deterministically: work and results go to hand-driven queues, so the order
 * in which runs finish is chosen by the test.
 */
class BackgroundTaskTest {
    /** Runs what it is given only when told. */
    private static final class Queue implements Executor {
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public void execute(Runnable r) {
            pending.add(r);
        }

        void runAll() {
            while (!pending.isEmpty()) pending.remove(0).run();
        }
    }

    @Test
    void aNewerRunMakesTheOlderStaleEvenWhenTheOlderFinishesLast() {
        Queue work = new Queue(), fx = new Queue();
        BackgroundTask<String> task = new BackgroundTask<>(new TaskExecutor(work, fx));
        List<String> applied = new ArrayList<>();
        boolean[] olderSawCancel = {false};
        task.run(ctx -> {
            task.run(c -> "new", applied::add); // a newer request arrives while the older one computes
            olderSawCancel[0] = ctx.isCancelled();
            return "old";
        }, applied::add);
        work.pending.remove(0).run(); // the older one runs (and queues its result) before the newer one starts
        assertTrue(task.isRunning(), "the newer run is still under way");
        work.runAll();
        fx.runAll();
        assertEquals(List.of("new"), applied, "only the newest result applies");
        assertTrue(olderSawCancel[0], "the older run could see it was cancelled");
        assertFalse(task.isRunning());
    }

    @Test
    void aFailureIsOneReadableLineAndProgressReportsLand() {
        BackgroundTask<Integer> task = new BackgroundTask<>(TaskExecutor.currentThread());
        List<Double> progress = new ArrayList<>();
        task.progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        String[] why = {null};
        task.run(ctx -> {
            ctx.report(0.5, "half way");
            throw new IllegalStateException("java.io.IOException: no such folder /x. See https://example.org/help");
        }, v -> {
        }, w -> why[0] = w);
        assertEquals("no such folder /x.", why[0]);
        assertEquals(why[0], task.errorProperty().get());
        assertTrue(progress.contains(0.5), "progress reached the property: " + progress);
        assertEquals(0, task.progressProperty().get(), "idle again");
    }

    @Test
    void aQueuedRunThatBecameStaleNeverStarts() {
        Queue work = new Queue();
        BackgroundTask<String> task = new BackgroundTask<>(new TaskExecutor(work, Runnable::run));
        int[] started = {0};
        task.run(ctx -> {
            started[0]++;
            return "a";
        }, v -> {
        });
        task.cancel();
        work.runAll();
        assertEquals(0, started[0]);
    }
}
