package org.attentionlens.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Splits one kernel call into parts run by the caller and a few resident worker threads.
 * <p>Why not an ExecutorService: its handoff costs 30–40 µs, more than a whole decode-sized matmul.
 * Here a worker spins on a volatile counter for a short while after each job, so back-to-back calls (the
 * matmuls of a forward pass) are handed off in well under a microsecond, then parks so an idle app costs
 * no CPU. One call at a time owns the workers; a concurrent caller runs all its parts itself, so callers
 * never wait on each other.
 */
final class SpinPool {
    /** How long an idle worker spins before parking: long enough to bridge the gap between two matmuls. */
    private static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
    private final AtomicBoolean owned = new AtomicBoolean();

    SpinPool(int threads) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** Parts a call can be split into: the workers plus the caller. */
    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs task(p) for p in 0 … parts-1 and returns when all are done. parts ≤ threads(); part 0 runs on the
     * caller. If another call holds the workers, the caller runs every part itself.
     */
    void run(int parts, IntConsumer task) {
        if (parts > threads()) throw new IllegalArgumentException(parts + " parts for " + threads() + " threads");
        if (parts <= 1 || !owned.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) task.accept(p);
            return;
        }
        try {
            for (int w = 0; w < parts - 1; w++) workers[w].submit(task);
            Throwable failure = null;
            try {
                task.accept(0);
            } catch (Throwable t) {
                failure = t;
            }
            for (int w = 0; w < parts - 1; w++) {
                Throwable t = workers[w].await();
                if (failure == null) failure = t;
            }
            if (failure instanceof RuntimeException) throw (RuntimeException) failure;
            if (failure instanceof Error) throw (Error) failure;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            owned.set(false);
        }
    }

    private static final class Worker extends Thread {
        private final int part;
        private volatile IntConsumer task;
        private volatile long submitted, finished;
        private volatile boolean parked;
        private volatile Throwable failure;

        Worker(int part) {
            super("attention-lens-kernel-" + part);
            this.part = part;
            setDaemon(true);
        }

        void submit(IntConsumer t) {
            task = t;
            submitted = submitted + 1; // only the owning caller writes this
            if (parked) LockSupport.unpark(this);
        }

        Throwable await() {
            long target = submitted;
            while (finished != target) Thread.onSpinWait();
            Throwable t = failure;
            failure = null;
            return t;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (submitted == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    parked = true;
                    if (submitted == seen) LockSupport.park(this);
                    parked = false;
                }
                seen = submitted;
                try {
                    task.accept(part);
                } catch (Throwable t) {
                    failure = t;
                }
                finished = seen;
            }
        }
    }
}
