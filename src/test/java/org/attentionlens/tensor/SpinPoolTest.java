package org.attentionlens.tensor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kernels' thread handoff: every chunk exactly once, failures reach the caller, concurrent callers finish. */
class SpinPoolTest {
    private static final SpinPool pool = new SpinPool(3);

    @Test
    void runsEveryChunkExactlyOnce() {
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray hits = new AtomicIntegerArray(37);
            pool.run(37, hits::incrementAndGet);
            for (int c = 0; c < 37; c++) assertEquals(1, hits.get(c), "round " + round + " chunk " + c);
        }
    }

    @Test
    void aFailingChunkThrowsInTheCaller() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(16, c -> {
            if (c == 11) throw boom;
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray hits = new AtomicIntegerArray(4);
        pool.run(4, hits::incrementAndGet); // and the pool still works
        for (int c = 0; c < 4; c++) assertEquals(1, hits.get(c));
    }

    @Test
    void concurrentCallersBothFinish() {
        AtomicIntegerArray a = new AtomicIntegerArray(5000), b = new AtomicIntegerArray(5000);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            for (int r = 0; r < 100; r++) {
                int base = r * 50;
                pool.run(50, c -> a.incrementAndGet(base + c));
            }
        });
        for (int r = 0; r < 100; r++) {
            int base = r * 50;
            pool.run(50, c -> b.incrementAndGet(base + c));
        }
        other.join();
        for (int i = 0; i < 5000; i++) {
            assertEquals(1, a.get(i));
            assertEquals(1, b.get(i));
        }
    }
}
