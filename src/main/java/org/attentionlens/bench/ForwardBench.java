package org.attentionlens.bench;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.KernelBench;
import org.attentionlens.tokenizer.Tokens;

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

    /** Median and fastest of the timed passes, and the FLOP rate at the median. */
    public record PassTiming(int tokens, int runs, double medianMs, double minMs, double gflops) {
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
        for (int r = 0; r < ms.length; r++) {
            long t0 = System.nanoTime();
            AttentionTrace.capture(model, tokens);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        double median = KernelBench.median(ms), min = ms[0];
        for (double m : ms) min = Math.min(min, m);
        return new PassTiming(T, ms.length, median, min, captureFlops(c, T) / (median / 1e3) / 1e9);
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
     * computes (one more T × D × D), and the LM head's single row.
     */
    public static double captureFlops(ModelSpec c, int T) {
        double D = c.dModel(), F = c.dFF(), Dh = c.dHead(), H = c.heads();
        double keysSeen = c.causal() ? T * (T + 1) / 2.0 : (double) T * T;
        double perLayer = 2 * T * D * (c.qWidth() + 2.0 * c.kvWidth()) // q, k, v
                + 2 * T * c.qWidth() * D                                  // output projection
                + (c.mlp().gated() ? 3 : 2) * 2 * T * D * F               // MLP (gate,) up and down
                + 2 * 2 * H * keysSeen * Dh                               // scores and weights · V
                + 2 * T * c.qWidth() * D;                                 // value norms
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
