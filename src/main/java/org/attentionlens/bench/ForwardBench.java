package org.attentionlens.bench;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.DType;
import org.attentionlens.tensor.KernelBench;
import org.attentionlens.tokenizer.Tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Wall time of whole forward passes: a text with full capture (what the app runs when you press Run), and
 * decode steps over a filled KV cache. Measurement only. Legend as in {@link ModelSpec}; Tk keys.
 */
public final class ForwardBench {
    /** Passes run untimed for at least this long first, so the timed ones run JIT-compiled kernels. */
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private ForwardBench() {
    }

    /**
     * Median and fastest of the timed passes, the FLOP rate at the median, and the heap the model and one pass's
     * capture hold (measured after a full GC with the trace still reachable: what a user's app keeps).
     */
    public record PassTiming(int tokens, int runs, double medianMs, double minMs, double gflops, double liveHeapMb) {
    }

    /** Median and fastest of the timed loads of a model folder, and the file's size. */
    public record LoadTiming(int runs, double medianMs, double minMs, double gigabytes) {
    }

    /** Median time of one decode step with cached positions already in the cache. */
    public record DecodeTiming(int cached, int runs, double msPerToken) {
    }

    /** {@link AttentionTrace#capture} over T random tokens, after warm-up passes (the JIT needs a few). */
    public static PassTiming capture(Transformer model, int T, int runs) {
        ModelSpec c = model.config();
        checkLength(c, T);
        Tokens tokens = Tokens.ofIds(randomIds(c, T, 3), null);
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) AttentionTrace.capture(model, tokens);
        double[] ms = new double[Math.max(1, runs)];
        AttentionTrace kept = null;
        for (int r = 0; r < ms.length; r++) {
            kept = null;
            long t0 = System.nanoTime();
            kept = AttentionTrace.capture(model, tokens);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double live = liveHeapMb();
        if (kept.length() != T) throw new IllegalStateException("the trace must stay reachable until measured");
        double median = KernelBench.median(ms), min = ms[0];
        for (double m : ms) min = Math.min(min, m);
        return new PassTiming(T, ms.length, median, min, captureFlops(c, T) / (median / 1e3) / 1e9, live);
    }

    /** Loads the folder runs times after one untimed load (which warms the page cache and the JIT). */
    public static LoadTiming load(Path folder, int runs) throws ModelLoadException {
        ModelRegistry.loadFolder(folder, Progress.NONE);
        double[] ms = new double[Math.max(1, runs)];
        for (int r = 0; r < ms.length; r++) {
            long t0 = System.nanoTime();
            ModelRegistry.loadFolder(folder, Progress.NONE);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double min = ms[0];
        for (double m : ms) min = Math.min(min, m);
        return new LoadTiming(ms.length, KernelBench.median(ms), min, sizeGb(folder));
    }

    /** A random model of the spec written as a Hugging Face folder in dir (see {@link RandomCheckpoint}). */
    public static Path writeRandomFolder(ModelSpec c, DType dtype, Path dir) throws IOException {
        return RandomCheckpoint.write(c, dtype, dir.resolve(c.id()));
    }

    private static double sizeGb(Path folder) {
        try (var files = Files.list(folder)) {
            return files.mapToLong(p -> p.toFile().length()).sum() / 1e9;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Heap in use after a full collection, in MB. */
    private static double liveHeapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) System.gc();
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }

    /**
     * One token's forward pass over cached positions: the cache is filled once, and after each timed step
     * truncated back, so every step sees exactly cached keys.
     */
    public static DecodeTiming decode(Transformer model, int cached, int runs) {
        ModelSpec c = model.config();
        checkLength(c, cached + 1);
        if (!c.causal()) throw new IllegalArgumentException(c.id() + " is an encoder: it has no decode steps");
        KvCache cache = new KvCache(c, cached + 1);
        if (cached > 0) model.forward(randomIds(c, cached, 5), cache, ForwardObserver.NONE);
        int[] next = randomIds(c, 1, 6);
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        for (int i = 0; i < 10 || System.nanoTime() < warmUntil; i++) {
            model.forward(next, cache, ForwardObserver.NONE);
            cache.truncate(cached);
        }
        double[] ms = new double[Math.max(1, runs)];
        for (int r = 0; r < ms.length; r++) {
            long t0 = System.nanoTime();
            model.forward(next, cache, ForwardObserver.NONE);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            cache.truncate(cached);
        }
        return new DecodeTiming(cached, ms.length, KernelBench.median(ms));
    }

    /**
     * Floating-point operations of a captured pass, 2 per multiply-add: the q, k, v, output and MLP matmuls,
     * q·kᵀ and weights·V over the keys each query sees (causal: i+1), the value norms ‖v_j W_O^h‖ the capture
     * computes (v G_h vᵀ, T × H × Dh² with G_h = W_O^h W_O^hᵀ made once), and the LM head's single row.
     */
    public static double captureFlops(ModelSpec c, int T) {
        double D = c.dModel(), F = c.dFF(), Dh = c.dHead(), H = c.heads();
        double keysSeen = c.causal() ? T * (T + 1) / 2.0 : (double) T * T;
        double perLayer = 2 * T * D * (c.qWidth() + 2.0 * c.kvWidth()) // q, k, v
                + 2 * T * c.qWidth() * D                                  // output projection
                + (c.mlp().gated() ? 3 : 2) * 2 * T * D * F               // MLP (gate,) up and down
                + 2 * 2 * H * keysSeen * Dh                               // scores and weights · V
                + 2 * T * c.qWidth() * Dh;                                // value norms, v G_h vᵀ
        double lmHead = c.causal() ? 2 * D * c.vocabSize() : 0;
        return c.layers() * perLayer + lmHead;
    }


    private static int[] randomIds(ModelSpec c, int T, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(c.vocabSize());
        return ids;
    }

    private static void checkLength(ModelSpec c, int positions) {
        if (positions < 1 || positions > c.context())
            throw new IllegalArgumentException(positions + " positions do not fit " + c.id() + ", whose context is 1…"
                    + c.context() + " tokens");
    }
}
