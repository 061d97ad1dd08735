package org.attentionlens.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the chunks of one kernel call on the caller and a few resident worker threads.
 * <p>Why not an ExecutorService: its handoff costs 30–40 µs, more than a whole decode-sized matmul. Here an
 * idle worker spins on a volatile field for a short while, so back-to-back calls (the matmuls of a forward
 * pass) start on it within a microsecond, then parks so an idle app costs no CPU.
 * <p>Chunks are claimed from a counter rather than assigned: on a busy machine a worker may not get a core
 * for milliseconds, and then the caller simply does its chunks too instead of waiting for it. One call at a
 * time uses the workers; a concurrent caller runs all its chunks itself.
 */
final class SpinPool {
    /** How long an idle worker spins before parking: long enough to bridge the gap between two matmuls. */
    private static final long SPIN_NANOS = 50_000;

    private final Worker[] workers;
    private final AtomicBoolean owned = new AtomicBoolean();

    SpinPool(int threads) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Threads that can work on one call: the workers plus the caller. */
    int threads() {
        return workers.length + 1;
    }

    /** Runs task(c) for every chunk c in 0 … chunks-1, on this thread and any free worker; returns when all are done. */
    void run(int chunks, IntConsumer task) {
        if (chunks <= 1 || workers.length == 0 || !owned.compareAndSet(false, true)) {
            for (int c = 0; c < chunks; c++) task.accept(c);
            return;
        }
        try {
            Job job = new Job(chunks, task);
            for (Worker w : workers) w.submit(job);
            job.work();
            job.awaitDone();
            for (Worker w : workers) w.job = null; // keep no arrays of this call reachable
        } finally {
            owned.set(false);
        }
    }

    /** One call's chunks: claimed one at a time by whoever is running. */
    private static final class Job {
        final int chunks;
        final IntConsumer task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int chunks, IntConsumer task) {
            this.chunks = chunks;
            this.task = task;
        }

        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    task.accept(c);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < chunks; spins++) {
                if (spins < 10_000) Thread.onSpinWait();
                else Thread.yield(); // the worker holding the last chunk lost its core: let it have ours
            }
            Throwable t = failure;
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            if (t != null) throw new IllegalStateException(t);
        }
    }

    private static final class Worker extends Thread {
        private volatile Job job;
        private volatile boolean parked;

        Worker(int index) {
            super("attention-lens-kernel-" + index);
            setDaemon(true);
        }

        void submit(Job j) {
            job = j;
            if (parked) LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Job j = job;
                if (j != null && j.next.get() < j.chunks) {
                    j.work();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    Job k = job;
                    if (k == null || k.next.get() >= k.chunks) LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }
}
