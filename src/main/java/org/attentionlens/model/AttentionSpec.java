package org.attentionlens.model;

import java.util.Arrays;

/**
 * Multi-head self-attention as a family defines it. Legend: L layers, H query heads, Hkv key/value heads
 * (H/Hkv query heads share one under grouped-query attention; 1 is multi-query), Dh head width (not tied to D/H).
 *
 * @param heads      H
 * @param kvHeads    Hkv, dividing H
 * @param dHead      Dh
 * @param causal     whether a position sees only itself and earlier ones
 * @param qkvBias    whether the q, k and v projections have biases
 * @param outputBias whether the output projection has a bias
 * @param scale      scores are q·k times this: 1/√Dh, or Gemma's query_pre_attn_scalar^−½
 * @param softcap    scores become cap·tanh(s/cap) before the softmax (Gemma 2), or 0 for none
 * @param qkNorm     a norm on q and k before RoPE: per head (Qwen 3, Gemma 3) or over the whole projection (OLMo 2)
 * @param window     (L) each layer's sliding window in positions, 0 for full attention
 * @param rope       (L) each layer's rotary embedding, or null entries where positions are learned or absent
 */
public record AttentionSpec(int heads, int kvHeads, int dHead, boolean causal, boolean qkvBias, boolean outputBias,
                            float scale, float softcap, QkNorm qkNorm, int[] window, RopeSpec[] rope) {

    public enum QkNorm { NONE, PER_HEAD, WHOLE }

    public AttentionSpec {
        if (heads <= 0 || kvHeads <= 0 || dHead <= 0)
            throw new IllegalArgumentException("attention needs positive heads, key/value heads and head width");
        if (heads % kvHeads != 0)
            throw new IllegalArgumentException(heads + " query heads do not divide into " + kvHeads + " key/value heads");
        if (window.length != rope.length) throw new IllegalArgumentException("window and rope must have one entry per layer");
        for (int w : window) if (w < 0 || (w > 0 && !causal))
            throw new IllegalArgumentException("sliding windows must be ≥ 0 and only on causal attention");
        for (RopeSpec r : rope) if (r != null && r.rotary() > dHead)
            throw new IllegalArgumentException("rotary dimensions " + r.rotary() + " exceed the head width " + dHead);
        if (!(scale > 0) || Float.isInfinite(scale)) throw new IllegalArgumentException("attention scale must be > 0, is " + scale);
        if (!(softcap >= 0) || Float.isInfinite(softcap)) throw new IllegalArgumentException("soft-cap must be ≥ 0, is " + softcap);
        window = window.clone();
        rope = rope.clone();
    }

    /** The key/value head that query head h reads. */
    public int kvHeadOf(int h) {
        return h / (heads / kvHeads);
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public AttentionMask mask(int layer) {
        return new AttentionMask(causal, window[layer]);
    }

    public RopeSpec rope(int layer) {
        return rope[layer];
    }

    public int window(int layer) {
        return window[layer];
    }

    @Override
    public int[] window() {
        return window.clone();
    }

    @Override
    public RopeSpec[] rope() {
        return rope.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionSpec a && heads == a.heads && kvHeads == a.kvHeads && dHead == a.dHead
                && causal == a.causal && qkvBias == a.qkvBias && outputBias == a.outputBias && scale == a.scale
                && softcap == a.softcap && qkNorm == a.qkNorm && Arrays.equals(window, a.window)
                && Arrays.equals(rope, a.rope);
    }

    @Override
    public int hashCode() {
        return ((heads * 31 + kvHeads) * 31 + dHead) * 31 + Arrays.hashCode(window);
    }

    @Override
    public String toString() {
        return "AttentionSpec[H=" + heads + ", Hkv=" + kvHeads + ", Dh=" + dHead + ", causal=" + causal
                + ", window=" + Arrays.toString(window) + "]";
    }
}
