package org.attentionlens.model;

import java.util.Arrays;

/**
 * A copy of one head's cached keys and values, for drawing the cache. Legend: P cached positions, Dh head width.
 * Under grouped-query attention several query heads read the same key/value head; the snapshot is that one.
 *
 * @param keys   (P, Dh) row j = k_j
 * @param values (P, Dh) row j = v_j
 */
public record KvSnapshot(int layer, int head, int positions, int dHead, float[] keys, float[] values) {

    public KvSnapshot {
        if (keys.length != positions * dHead || values.length != positions * dHead)
            throw new IllegalArgumentException("keys and values must be " + positions + " × " + dHead);
        keys = keys.clone();
        values = values.clone();
    }

    /** k_j (Dh) copy. */
    public float[] key(int j) {
        return Arrays.copyOfRange(keys, j * dHead, (j + 1) * dHead);
    }

    /** v_j (Dh) copy. */
    public float[] value(int j) {
        return Arrays.copyOfRange(values, j * dHead, (j + 1) * dHead);
    }

    public float key(int j, int d) {
        return keys[j * dHead + d];
    }

    public float value(int j, int d) {
        return values[j * dHead + d];
    }

    @Override
    public float[] keys() {
        return keys.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }
}
