package org.attentionlens.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of the matmuls of a GPT-2-small forward pass, in GFLOP/s (2·M·K·N per call), median of a few
 * timed runs after warm-up. Measurement only: nothing here asserts a speed.
 * Legend: T tokens, M rows, K reduction width, N output width.
 */
public final class KernelBench {
    /** Calls that take longer than this per run are skipped for the scalar reference (it would take minutes). */
    private static final double SCALAR_FLOP_LIMIT = 3e8;

    private KernelBench() {
    }

    /**
     * One matmul shape: out (M, N) = in (M, K) · W (K, N), or for a transposed one a (M, K) · b (N, K)ᵀ
     * as the tied LM head computes it.
     */
    public record Shape(String name, int M, int K, int N, boolean transposed) {
        public double flops() {
            return 2.0 * M * K * N;
        }
    }

    /**
     * What this machine can do at most ({@link MachineCeiling}): float32 fma GFLOP/s on one core and on all,
     * and GB/s read from memory.
     */
    public record Ceiling(int cores, double fmaOneCore, double fmaAllCores, double readGBs) {
    }

    /** GFLOP/s of one shape on one kernel set; NaN when it was skipped. */
    public record Result(Shape shape, String kernels, double gflops) {
    }

    /** The matmul shapes of GPT-2-small at T tokens, then decode's (T = 1) and the tied LM head's. */
    public static List<Shape> gpt2SmallShapes(int T) {
        return List.of(
                new Shape("qkv", T, 768, 2304, false),
                new Shape("attn-out", T, 768, 768, false),
                new Shape("mlp-up", T, 768, 3072, false),
                new Shape("mlp-down", T, 3072, 768, false));
    }

    public static List<Shape> singleRowShapes() {
        return List.of(
                new Shape("decode-qkv", 1, 768, 2304, false),
                new Shape("lm-head", 1, 768, 50257, true));
    }

    /** Every shape for each T on each kernel set. */
    public static List<Result> run(List<Kernels> kernelSets, int[] tokens, int runs) {
        List<Shape> shapes = new ArrayList<>();
        for (int T : tokens) shapes.addAll(gpt2SmallShapes(T));
        shapes.addAll(singleRowShapes());
        List<Result> results = new ArrayList<>();
        for (Shape s : shapes)
            for (Kernels kn : kernelSets) {
                boolean skip = kn instanceof ScalarKernels && s.flops() > SCALAR_FLOP_LIMIT;
                results.add(new Result(s, kn.name(), skip ? Double.NaN : gflops(kn, s, runs)));
            }
        return results;
    }

    /** Median GFLOP/s of one shape over runs timed calls (after warm-up calls for the JIT). */
    public static double gflops(Kernels kn, Shape s, int runs) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] in = random(rnd, s.M * s.K);   // (M, K)
        float[] w = random(rnd, s.K * s.N);    // (K, N), or (N, K) for the transposed shape
        float[] out = new float[s.M * s.N];    // (M, N)
        Runnable call;
        if (s.transposed) {
            call = () -> kn.matmulTransposed(out, 0, s.N, in, 0, s.K, w, 0, s.K, s.M, s.N, s.K, 1f);
        } else {
            Matrix m = kn.pack(w, s.K, s.N);
            float[] bias = random(rnd, s.N);
            call = () -> kn.matmul(out, in, m, bias, s.M);
        }
        long warmUntil = System.nanoTime() + 1_000_000_000L; // until the JIT has compiled the kernels
        int warm = 0;
        while (warm < 10 || (System.nanoTime() < warmUntil && warm < 500)) {
            call.run();
            warm++;
        }
        double[] seconds = new double[Math.max(1, runs)];
        for (int r = 0; r < seconds.length; r++) {
            // short calls are repeated so one timing spans about a millisecond or more
            int reps = (int) Math.max(1, Math.min(1000, 2e7 / s.flops()));
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) call.run();
            seconds[r] = (System.nanoTime() - t0) / 1e9 / reps;
        }
        return s.flops() / median(seconds) / 1e9;
    }

    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** A table: one line per shape, one column per kernel set. */
    public static String table(List<Result> results, List<Kernels> kernelSets) {
        StringBuilder sb = new StringBuilder(String.format("%-12s %6s %6s %6s", "shape", "M", "K", "N"));
        for (Kernels kn : kernelSets) sb.append(String.format(" %12s", kn.name()));
        sb.append("   GFLOP/s, median\n");
        for (int i = 0; i < results.size(); i += kernelSets.size()) {
            Shape s = results.get(i).shape();
            sb.append(String.format("%-12s %6d %6d %6d", s.name(), s.M(), s.K(), s.N()));
            for (int j = 0; j < kernelSets.size(); j++) {
                double g = results.get(i + j).gflops();
                sb.append(Double.isNaN(g) ? String.format(" %12s", "skipped") : String.format(" %12.1f", g));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * 0.05f;
        return a;
    }
}
