package org.attentionlens.ui.common;

import org.attentionlens.model.ModelSpec;

import java.util.Locale;

/**
 * How every view names what is particular about a model's attention, from its spec: which key/value head a query
 * head reads under grouped-query attention, a layer's sliding window, the soft-cap. One wording across the Heads,
 * Model view, Decode and Lecture tabs.
 */
public final class AttentionText {
    private AttentionText() {
    }

    /** "heads 8–11" (or "head 3" for a group of one): the query heads reading key/value head g. */
    public static String queryHeads(ModelSpec c, int g) {
        int n = c.attention().groupSize(), first = g * n;
        return n == 1 ? "head " + first : "heads " + first + "–" + (first + n - 1);
    }

    /**
     * What key/value head query head h reads: "reads KV head 2 of 8, shared with heads 8–11"; "reads the one KV head
     * all 8 heads share" (multi-query); empty when every head has its own (plain multi-head attention).
     */
    public static String kvShare(ModelSpec c, int h) {
        int H = c.heads(), Hkv = c.kvHeads(), g = c.kvHeadOf(h);
        if (Hkv == H) return "";
        if (Hkv == 1) return "reads the one KV head all " + H + " heads share";
        return "reads KV head " + g + " of " + Hkv + ", shared with " + queryHeads(c, g);
    }

    /** "4,096" with a thousands separator. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** "window 4,096" for a windowed layer, empty otherwise. */
    public static String window(ModelSpec c, int layer) {
        int w = c.attention().window(layer);
        return w > 0 ? "window " + count(w) : "";
    }

    /** The legend of the cells a layer's window hides: "outside the 4,096-token window of layer 3"; empty without one. */
    public static String outsideWindow(ModelSpec c, int layer) {
        int w = c.attention().window(layer);
        return w > 0 ? "outside the " + count(w) + "-token window of layer " + layer : "";
    }

    /** "soft-cap 50: score = 50·tanh(s/50)"; empty without a cap. */
    public static String softcap(ModelSpec c) {
        float cap = c.attention().softcap();
        if (cap == 0) return "";
        String v = number(cap);
        return "soft-cap " + v + ": score = " + v + "·tanh(s/" + v + ")";
    }

    /** A model constant as written in its config: "50", "0.5". */
    public static String number(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? count((long) x) : Numbers.compact(x);
    }
}
