package org.attentionlens.ui.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One task at a time, in order; a task cancelled while queued never runs. */
class SerialExecutorTest {

    @Test
    void runsOneAtATimeInOrderAndSkipsCancelledQueuedTasks() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            AtomicInteger running = new AtomicInteger(), most = new AtomicInteger();
            List<Integer> order = new CopyOnWriteArrayList<>();
            CountDownLatch gate = new CountDownLatch(1), done = new CountDownLatch(1);
            serial.execute(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            FutureTask<Void> stale = new FutureTask<>(() -> order.add(-1), null);
            serial.execute(stale);
            for (int k = 0; k < 20; k++) {
                int kk = k;
                serial.execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    order.add(kk);
                    running.decrementAndGet();
                });
            }
            serial.execute(done::countDown);
            stale.cancel(false);
            gate.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(java.util.stream.IntStream.range(0, 20).boxed().toList(), order);
            assertEquals(1, most.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
