package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * The most this machine can do, measured: float32 fma throughput with independent accumulators (no loads),
 * and the bandwidth of reading an array far larger than the caches. Kernel and decode figures are read
 * against these: a matmul cannot beat the first, a decode step (which reads every weight once) not the second.
 * Measurement only; loaded only when the Vector API is present. Legend: L lanes per vector.
 */
public final class MachineCeiling {
    private static final int FMA_ITERATIONS = 20_000_000;
    private static final int READ_FLOATS = 64 << 20; // 256 MB

    private MachineCeiling() {
    }

    public static KernelBench.Ceiling measure() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        float[] big = new float[READ_FLOATS];
        for (int i = 0; i < big.length; i++) big[i] = i & 7; // touch every page before timing
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            double one = best(pool, 1, t -> fmaChains(FMA_ITERATIONS), 12.0 * 2 * L * FMA_ITERATIONS);
            double all = best(pool, cores, t -> fmaChains(FMA_ITERATIONS), 12.0 * 2 * L * FMA_ITERATIONS);
            double read = best(pool, cores, t -> sum(big, (int) ((long) big.length * t / cores),
                    (int) ((long) big.length * (t + 1) / cores)), 4.0 * big.length / cores);
            return new KernelBench.Ceiling(cores, one / 1e9, all / 1e9, read / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Task per thread t, each doing `work` units (flops or bytes); the best rate of a few rounds, in units/s. */
    private static double best(ExecutorService pool, int threads, Task task, double work) throws InterruptedException {
        double best = 0;
        for (int round = 0; round < 6; round++) {
            List<Callable<Float>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                calls.add(() -> task.run(tt));
            }
            long t0 = System.nanoTime();
            float sink = 0;
            for (Future<Float> f : pool.invokeAll(calls)) sink += get(f);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (round > 0 && !Float.isNaN(sink)) best = Math.max(best, threads * work / seconds); // round 0 warms the JIT
        }
        return best;
    }

    private interface Task {
        float run(int thread);
    }

    /** 12 independent fma chains: enough to cover the fma latency on any current core. */
    private static float fmaChains(int n) {
        FloatVector a = FloatVector.broadcast(S, 0.999f), b = FloatVector.broadcast(S, 0.001f);
        FloatVector c0 = FloatVector.broadcast(S, 1f), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3),
                c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8), c9 = c0.add(9),
                c10 = c0.add(10), c11 = c0.add(11);
        for (int i = 0; i < n; i++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Sum of x[from … to): four vectors per step so the loads, not the adds, set the pace. */
    private static float sum(float[] x, int from, int to) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = from;
        for (; i + 4 * L <= to; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, i));
            s1 = s1.add(FloatVector.fromArray(S, x, i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, i + 3 * L));
        }
        float s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) s += x[i];
        return s;
    }

    private static float get(Future<Float> f) throws InterruptedException {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
