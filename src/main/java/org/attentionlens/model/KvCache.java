package org.attentionlens.model;

import java.util.Arrays;

/**
 * Keys and values of every layer and key/value head for the positions seen so far: the one piece of
 * mutable state a decode session keeps. Queries are never cached: each step computes its new token's q,
 * uses it once and drops it. Layout per layer: keys[l] and values[l] are (Hkv, capacity, Dh).
 */
public final class KvCache {
    private final int layers, kvHeads, dHead, capacity;
    private final float[][] keys;   // (L)(Hkv, capacity, Dh)
    private final float[][] values; // (L)(Hkv, capacity, Dh)
    private int length;             // positions filled, 0 … capacity

    public KvCache(ModelConfig c, int capacity) {
        if (capacity <= 0 || capacity > c.context())
            throw new IllegalArgumentException("cache capacity " + capacity + " outside 1…" + c.context());
        this.layers = c.layers();
        this.kvHeads = c.kvHeads();
        this.dHead = c.dHead();
        this.capacity = capacity;
        this.keys = new float[layers][kvHeads * capacity * dHead];
        this.values = new float[layers][kvHeads * capacity * dHead];
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    /** Bytes held by the filled part: 2 · L · Hkv · positions · Dh · 4. */
    public long bytesUsed() {
        return 2L * layers * kvHeads * length * dHead * Float.BYTES;
    }

    /** Offset of (kvHead, position) in {@link #keys(int)} and {@link #values(int)}. */
    public int offset(int kvHead, int position) {
        return (kvHead * capacity + position) * dHead;
    }

    /** Row stride between positions: Dh. */
    public int rowStride() {
        return dHead;
    }

    /** Layer l's keys (Hkv, capacity, Dh); rows ≥ length() are unused. Read-only for callers. */
    public float[] keys(int layer) {
        return keys[layer];
    }

    /** Layer l's values (Hkv, capacity, Dh). */
    public float[] values(int layer) {
        return values[layer];
    }

    /**
     * Writes T new rows of k and v (T, Hkv·Dh) for layer l at positions pos0 … pos0+T-1.
     * The forward pass calls this per layer; {@link #advance} commits the length once all layers are written.
     */
    void write(int layer, float[] k, float[] v, int pos0, int T) {
        if (pos0 + T > capacity)
            throw new IllegalStateException("KV cache full: " + capacity + " positions");
        for (int t = 0; t < T; t++)
            for (int g = 0; g < kvHeads; g++) {
                System.arraycopy(k, (t * kvHeads + g) * dHead, keys[layer], offset(g, pos0 + t), dHead);
                System.arraycopy(v, (t * kvHeads + g) * dHead, values[layer], offset(g, pos0 + t), dHead);
            }
    }

    void advance(int T) {
        length += T;
    }

    /** Forgets positions ≥ newLength (stepping back in decode); their rows are cleared. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("cannot truncate to " + newLength);
        for (int l = 0; l < layers; l++)
            for (int g = 0; g < kvHeads; g++) {
                Arrays.fill(keys[l], offset(g, newLength), offset(g, length), 0f);
                Arrays.fill(values[l], offset(g, newLength), offset(g, length), 0f);
            }
        length = newLength;
    }
}
