package org.attentionlens.ui.decode;

import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.Numbers;

import java.util.Locale;

/**
 * The decode tab's counters for one frame, with the texts the view shows.
 *
 * @param positions      positions in the KV cache
 * @param cacheBytes     bytes the cache holds: 2 (K and V) · L · Hkv · positions · Dh · 4
 * @param heads          H, query heads per layer
 * @param kvHeads        Hkv, key/value heads per layer: the caches (fewer than H under grouped-query attention)
 * @param cachedFlops    FLOPs of the cached step; 0 after the prefill (no step yet)
 * @param recomputeFlops FLOPs of recomputing every position instead; 0 after the prefill
 * @param maxAbsDiff     max |Δ| of the step's logits and attention against a full recompute; NaN when unchecked
 */
public record DecodeCounters(int positions, long cacheBytes, int heads, int kvHeads, long cachedFlops,
                             long recomputeFlops, double maxAbsDiff) {
    /** The recompute check passes below this difference. */
    public static final double CHECK_TOLERANCE = 1e-4;

    public static DecodeCounters of(DecodeStep s, ModelSpec c) {
        return new DecodeCounters(s.cacheLen(), s.cacheBytes(), c.heads(), c.kvHeads(), s.cachedFlops(),
                s.recomputeFlops(), s.maxAbsDiffVsRecompute());
    }

    /** After the prefill: the prompt fills the cache; nothing stepped or checked yet. */
    public static DecodeCounters prefill(int positions, ModelSpec c) {
        return new DecodeCounters(positions, cacheBytes(c, positions), c.heads(), c.kvHeads(), 0, 0, Double.NaN);
    }

    /** 2 · L · Hkv · P · Dh · 4: what a cache of P positions holds. */
    static long cacheBytes(ModelSpec c, int P) {
        return 2L * c.layers() * c.kvHeads() * P * c.dHead() * Float.BYTES;
    }

    public boolean stepped() {
        return recomputeFlops > 0;
    }

    public boolean checked() {
        return !Double.isNaN(maxAbsDiff);
    }

    public boolean checkPassed() {
        return maxAbsDiff < CHECK_TOLERANCE;
    }

    public long flopsSaved() {
        return recomputeFlops - cachedFlops;
    }

    public String positionsText() {
        return positions + (positions == 1 ? " position" : " positions");
    }

    /** The bytes, and under grouped-query attention what one cache per query head would take instead. */
    public String memoryText() {
        String s = Numbers.bytes(cacheBytes) + " (" + String.format(Locale.ROOT, "%,d", cacheBytes) + " B)";
        if (kvHeads == heads) return s;
        return s + String.format(Locale.ROOT, "%n%d KV heads for %d query heads: one per query head would take %s (%d×)",
                kvHeads, heads, Numbers.bytes(cacheBytes / kvHeads * heads), heads / kvHeads);
    }

    public String flopsText() {
        if (!stepped()) return "— (no step yet)";
        return String.format(Locale.ROOT, "%s saved (%.1f× fewer)%nthis step %s, recompute %s", flops(flopsSaved()),
                recomputeFlops / (double) cachedFlops, flops(cachedFlops), flops(recomputeFlops));
    }

    public String checkText() {
        if (!stepped()) return "— (no step yet)";
        if (!checked()) return "off";
        return String.format(Locale.ROOT, "max |Δ| = %.1e %s %.0e%n%s", maxAbsDiff, checkPassed() ? "<" : "≥",
                CHECK_TOLERANCE, checkPassed() ? "✓ same as recomputing" : "✗ differs from recomputing");
    }

    /** FLOPs with an SI prefix: "950 FLOP", "1.23 MFLOP", "4.50 GFLOP". */
    public static String flops(long f) {
        if (f < 1000) return f + " FLOP";
        String[] units = {"kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP"};
        double v = f;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
