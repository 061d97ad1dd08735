package org.attentionlens.model;

/**
 * Which keys a query may attend to: the one definition the forward pass, traces, analysis, drawing and the lecture
 * walk all read. Query position i sees key position j when j ≤ i (causal) and i − j &lt; window (a sliding window,
 * as Hugging Face's {@code kv_idx > q_idx - sliding_window}); an encoder without a window sees every key. The keys a
 * query sees are always one contiguous range, {@link #first} … {@link #end}.
 *
 * @param causal whether each position sees only itself and earlier positions
 * @param window the sliding window in positions, or 0 for none (windows only occur in causal models)
 */
public record AttentionMask(boolean causal, int window) {
    /** Every key visible: a bidirectional encoder. */
    public static final AttentionMask BIDIRECTIONAL = new AttentionMask(false, 0);
    /** Each position sees itself and all earlier ones. */
    public static final AttentionMask CAUSAL = new AttentionMask(true, 0);

    public AttentionMask {
        if (window < 0) throw new IllegalArgumentException("a sliding window cannot be negative: " + window);
        if (window > 0 && !causal) throw new IllegalArgumentException("sliding windows are only defined for causal attention");
    }

    /** The first key position query i sees. */
    public int first(int i) {
        return window > 0 ? Math.max(0, i - window + 1) : 0;
    }

    /** One past the last key position query i sees, of Tk keys. */
    public int end(int i, int Tk) {
        return causal ? Math.min(i + 1, Tk) : Tk;
    }

    public boolean visible(int i, int j) {
        return j >= first(i) && (!causal || j <= i);
    }

    /** Whether key j is hidden from query i by the window alone (it is in the past, but too far back). */
    public boolean outsideWindow(int i, int j) {
        return window > 0 && j <= i && j < first(i);
    }

    public boolean windowed() {
        return window > 0;
    }
}
