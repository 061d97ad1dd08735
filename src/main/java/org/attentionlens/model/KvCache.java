package org.attentionlens.model;

import java.util.Arrays;

/**
 * Keys and values of every layer and key/value head for the positions seen so far: the one piece of mutable
 * state a decode session keeps. Queries are never cached: each step computes its new token's q, uses it once and
 * drops it. Under grouped-query attention only the Hkv key/value heads are kept, not H.
 * <p>Layout per layer: keys[l] and values[l] are (P, Hkv·Dh), one row per position as the projections produce
 * them, so a longer sequence only appends rows: the arrays grow by doubling up to the limit, and a model with a
 * 131,072-position context does not reserve it all up front.
 * <p>A decode step's one query reads every cached key: with keys as rows that is a dot product per key, which
 * cannot run along vectors without a transposition per step. So the keys are also kept transposed,
 * (Hkv, Dh, capacity), filled lazily up to where a step reads them ({@link #keysTransposed}): a whole pass that
 * never decodes pays nothing, a decode session transposes each position once. Legend as in {@link ModelSpec};
 * P positions.
 */
public final class KvCache {
    private static final int INITIAL_ROWS = 64;

    private final int layers, width, limit;
    private final float[][] keys;   // (L)(capacity, Hkv·Dh)
    private final float[][] values; // (L)(capacity, Hkv·Dh)
    private final float[][] keysT;  // (L)(Hkv·Dh, capacity) keys transposed, valid below transposed[l]
    private final int[] transposed; // (L) positions transposed so far
    private int capacity;           // rows allocated, ≤ limit
    private int length;             // positions filled, 0 … capacity

    /** A cache for at most {@code limit} positions (≤ the context). */
    public KvCache(ModelSpec c, int limit) {
        if (limit <= 0 || limit > c.context())
            throw new IllegalArgumentException("cache limit " + limit + " outside 1…" + c.context());
        this.layers = c.layers();
        this.width = c.kvWidth();
        this.limit = limit;
        this.capacity = Math.min(limit, INITIAL_ROWS);
        this.keys = new float[layers][capacity * width];
        this.values = new float[layers][capacity * width];
        this.keysT = new float[layers][];
        this.transposed = new int[layers];
    }

    public int length() {
        return length;
    }

    /** The most positions this cache will hold. */
    public int limit() {
        return limit;
    }

    /** Bytes held by the filled part: 2 · L · Hkv · P · Dh · 4. */
    public long bytesUsed() {
        return 2L * layers * length * width * Float.BYTES;
    }

    /** Offset of (kvHead, position) in {@link #keys(int)} and {@link #values(int)}; rows are {@link #rowStride()} apart. */
    public int offset(int kvHead, int position, int dHead) {
        return position * width + kvHead * dHead;
    }

    /** Floats between consecutive positions: Hkv·Dh. */
    public int rowStride() {
        return width;
    }

    /** Layer l's keys (capacity, Hkv·Dh); rows ≥ length() are unused. Read-only for callers; valid until the next write. */
    public float[] keys(int layer) {
        return keys[layer];
    }

    /** Layer l's values (capacity, Hkv·Dh). */
    public float[] values(int layer) {
        return values[layer];
    }

    /**
     * Layer l's keys transposed, (Hkv·Dh, {@link #transposedStride()}): key j of KV head g at
     * (g·Dh + d)·stride + j, filled for positions below upTo (transposing any not done yet). Not thread-safe:
     * call before heads read it in parallel; valid until the next write.
     */
    float[] keysTransposed(int layer, int upTo) {
        if (keysT[layer] == null) keysT[layer] = new float[width * capacity];
        float[] t = keysT[layer], k = keys[layer];
        for (int j = transposed[layer]; j < upTo; j++)
            for (int e = 0, row = j * width; e < width; e++) t[e * capacity + j] = k[row + e];
        transposed[layer] = Math.max(transposed[layer], upTo);
        return t;
    }

    /** Floats between consecutive rows of {@link #keysTransposed}: the capacity. */
    int transposedStride() {
        return capacity;
    }

    /**
     * Writes T new rows of k and v (T, Hkv·Dh) for layer l at positions pos0 … pos0+T-1.
     * The forward pass calls this per layer; {@link #advance} commits the length once all layers are written.
     */
    void write(int layer, float[] k, float[] v, int pos0, int T) {
        if (pos0 + T > limit) throw new IllegalStateException("KV cache full: " + limit + " positions");
        if (pos0 + T > capacity) grow(pos0 + T);
        System.arraycopy(k, 0, keys[layer], pos0 * width, T * width);
        transposed[layer] = Math.min(transposed[layer], pos0); // rewritten rows are transposed again
        System.arraycopy(v, 0, values[layer], pos0 * width, T * width);
    }

    private void grow(int rows) {
        int newCapacity = (int) Math.min(limit, Math.max(rows, 2L * capacity));
        for (int l = 0; l < layers; l++) {
            keys[l] = Arrays.copyOf(keys[l], newCapacity * width);
            values[l] = Arrays.copyOf(values[l], newCapacity * width);
            keysT[l] = null; // its stride changes: transposed afresh when next read
            transposed[l] = 0;
        }
        capacity = newCapacity;
    }

    void advance(int T) {
        length += T;
    }

    /** Forgets positions ≥ newLength (stepping back in decode); their rows are cleared. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("cannot truncate to " + newLength);
        for (int l = 0; l < layers; l++) {
            Arrays.fill(keys[l], newLength * width, length * width, 0f);
            Arrays.fill(values[l], newLength * width, length * width, 0f);
            transposed[l] = Math.min(transposed[l], newLength);
        }
        length = newLength;
    }
}
