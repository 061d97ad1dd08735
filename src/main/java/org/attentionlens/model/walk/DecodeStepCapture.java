package org.attentionlens.model.walk;

import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;

/**
 * One real decode step, captured in every layer for the lecture: the first {@code prefix} tokens are prefilled
 * into a KV cache, then token {@code prefix} runs alone. Only its q, k and v are computed; the keys and values
 * of the earlier positions are read back from the cache. Legend as in {@link ModelSpec}; Tk = prefix + 1 keys.
 */
public final class DecodeStepCapture {
    private final Transformer model;
    private final String[] tokens;  // (Tk) display strings
    private final KvCache cache;     // filled with all Tk positions after the step
    private final WalkRecorder rec;  // every layer of the step (T = 1)

    private DecodeStepCapture(Transformer model, String[] tokens, KvCache cache, WalkRecorder rec) {
        this.model = model;
        this.tokens = tokens;
        this.cache = cache;
        this.rec = rec;
    }

    /** Prefills tokens 0 … prefix-1, then runs token {@code prefix} as one decode step. */
    public static DecodeStepCapture run(Transformer model, Tokens tokens, int prefix) {
        ModelSpec c = model.config();
        if (!c.causal())
            throw new IllegalArgumentException("Decoding needs a causal model; " + c.id()
                    + " is an encoder that reads the whole text at once.");
        if (prefix < 1 || prefix >= tokens.size())
            throw new IllegalArgumentException("A decode step needs at least one cached token before it and a token "
                    + "to add: choose a prefix from 1 to " + (tokens.size() - 1) + " tokens (got " + prefix + ").");
        int[] ids = tokens.ids();
        KvCache cache = new KvCache(c, prefix + 1);
        model.forward(Arrays.copyOf(ids, prefix), cache, ForwardObserver.NONE);
        WalkRecorder rec = new WalkRecorder(c, l -> true, h -> true);
        model.forward(new int[]{ids[prefix]}, cache, rec);
        return new DecodeStepCapture(model, Arrays.copyOf(tokens.display(), prefix + 1), cache, rec);
    }

    /** The position of the new token, = the number of cached tokens before it. */
    public int prefix() {
        return tokens.length - 1;
    }

    public Transformer model() {
        return model;
    }

    /** The new token's softmax weights (Tk) in head (layer, head). */
    public float[] weights(int layer, int head) {
        return rec.weights[layer][head].clone();
    }

    /** The walk of head (layer, head) for the new token; key = the key the dot-product stage writes out. */
    public HeadWalk walk(int layer, int head, int key) {
        ModelSpec c = model.config();
        if (layer < 0 || layer >= c.layers() || head < 0 || head >= c.heads())
            throw new IllegalArgumentException("no head " + layer + "." + head + " in a model of "
                    + c.layers() + " layers × " + c.heads() + " heads");
        int Tk = tokens.length, Dh = c.dHead(), g = c.kvHeadOf(head);
        float[] keys = new float[Tk * Dh], values = new float[Tk * Dh]; // (Tk, Dh): rows < prefix reused from the cache
        for (int j = 0; j < Tk; j++) {
            System.arraycopy(cache.keys(layer), cache.offset(g, j, Dh), keys, j * Dh, Dh);
            System.arraycopy(cache.values(layer), cache.offset(g, j, Dh), values, j * Dh, Dh);
        }
        return HeadWalk.fromDecodeStep(model, tokens, layer, head, key, rec, keys, values);
    }
}
