package org.attentionlens.analysis.knockout;

import org.attentionlens.model.Intervention;
import org.attentionlens.model.ModelSpec;

import java.util.Arrays;

/**
 * Attention edges blocked in chosen layers, in every head or in chosen ones (Geva et al. 2023 block all heads): one
 * query → key edge, or one key from every later query (what the last token and everything after it can no longer read
 * from that position). A blocked score becomes −∞ before the softmax, so the other keys share its weight. Immutable.
 * Legend as in {@link ModelSpec}.
 *
 * @param layers (L) where edges are blocked
 * @param heads  (H) in which heads, or null for every head
 * @param query  the query position of a single edge, or −1: every query after {@code key}
 * @param key    the key position
 */
public record EdgeKnockout(boolean[] layers, boolean[] heads, int query, int key) implements Intervention {
    public EdgeKnockout {
        layers = layers.clone();
        heads = heads == null ? null : heads.clone();
        if (key < 0) throw new IllegalArgumentException("the key position must be ≥ 0, is " + key);
        if (query >= 0 && query < key)
            throw new IllegalArgumentException("query " + query + " cannot read key " + key + " after it: the model is causal");
    }

    /** The edge query → key in layers first … last. */
    public static EdgeKnockout edge(ModelSpec c, int first, int last, int query, int key) {
        return new EdgeKnockout(range(c, first, last), null, query, key);
    }

    /** Key position key, read by no later query, in layers first … last. */
    public static EdgeKnockout key(ModelSpec c, int first, int last, int key) {
        return new EdgeKnockout(range(c, first, last), null, -1, key);
    }

    /** The same edges in the given heads only. */
    public EdgeKnockout inHeads(ModelSpec c, int... chosen) {
        boolean[] on = new boolean[c.heads()];
        for (int h : chosen) {
            if (h < 0 || h >= c.heads()) throw new IllegalArgumentException("no head " + h + ": heads are 0–" + (c.heads() - 1));
            on[h] = true;
        }
        return new EdgeKnockout(layers, on, query, key);
    }

    private static boolean[] range(ModelSpec c, int first, int last) {
        if (first < 0 || last >= c.layers() || first > last)
            throw new IllegalArgumentException("layers " + first + "–" + last + " are not within 0–" + (c.layers() - 1));
        boolean[] on = new boolean[c.layers()];
        Arrays.fill(on, first, last + 1, true);
        return on;
    }

    @Override
    public boolean blocks(int layer) {
        return layer < layers.length && layers[layer];
    }

    @Override
    public boolean blocked(int layer, int head, int i, int j) {
        return j == key && (query >= 0 ? i == query : i > key) && (heads == null || heads[head]);
    }

    /** "query 7 → key 3" or "key 3 from every later query", with the layers. */
    public String describe() {
        int first = -1, last = -1;
        for (int l = 0; l < layers.length; l++)
            if (layers[l]) {
                if (first < 0) first = l;
                last = l;
            }
        String where = (first == last ? "layer " + first : "layers " + first + "–" + last) + (heads == null ? ""
                : ", heads " + java.util.stream.IntStream.range(0, heads.length).filter(h -> heads[h])
                .mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(",")));
        return (query >= 0 ? "query " + query + " → key " + key : "key " + key + " from every later query") + " in " + where;
    }

    @Override
    public boolean[] layers() {
        return layers.clone();
    }

    @Override
    public boolean[] heads() {
        return heads == null ? null : heads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EdgeKnockout e && Arrays.equals(layers, e.layers) && Arrays.equals(heads, e.heads)
                && query == e.query && key == e.key;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(layers) * 31 + Arrays.hashCode(heads)) * 31 * 31 + query * 31 + key;
    }

    @Override
    public String toString() {
        return "EdgeKnockout[" + describe() + "]";
    }
}
