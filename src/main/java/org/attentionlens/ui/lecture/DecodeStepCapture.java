package org.attentionlens.ui.lecture;

import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;

/**
 * One real decode step, captured in every layer for the lecture: the first {@code prefix} tokens are prefilled
 * into a KV cache, then token {@code prefix} runs alone. Only its q, k and v are computed; the keys and values
 * of the earlier positions are read back from the cache. Legend as in {@link ModelConfig}; Tk = prefix + 1 keys.
 */
public final class DecodeStepCapture {
    private final Transformer model;
    private final String[] tokens;  // (Tk) display strings
    private final KvCache cache;     // filled with all Tk positions after the step
    private final float[][] x;       // (L)(1, D) residual stream entering each layer
    private final float[][] q;       // (L)(1, H·Dh)
    private final float[][] scores;  // (L)(H, Tk)
    private final float[][] weights; // (L)(H, Tk)
    private final float[][] heads;   // (L)(1, H·Dh) every head's output

    private DecodeStepCapture(Transformer model, String[] tokens, KvCache cache, Recorder r) {
        this.model = model;
        this.tokens = tokens;
        this.cache = cache;
        this.x = r.x;
        this.q = r.q;
        this.scores = r.scores;
        this.weights = r.weights;
        this.heads = r.heads;
    }

    /** Prefills tokens 0 … prefix-1, then runs token {@code prefix} as one decode step. */
    public static DecodeStepCapture run(Transformer model, Tokens tokens, int prefix) {
        ModelConfig c = model.config();
        if (!c.causal())
            throw new IllegalArgumentException("Decoding needs a causal model (GPT-2 style); "
                    + c.id() + " is an encoder that reads the whole text at once.");
        if (prefix < 1 || prefix >= tokens.size())
            throw new IllegalArgumentException("A decode step needs at least one cached token before it and a token "
                    + "to add: choose a prefix from 1 to " + (tokens.size() - 1) + " tokens (got " + prefix + ").");
        int[] ids = tokens.ids();
        KvCache cache = new KvCache(c, prefix + 1);
        model.forward(Arrays.copyOf(ids, prefix), cache, ForwardObserver.NONE);
        Recorder r = new Recorder(c, prefix + 1);
        model.forward(new int[]{ids[prefix]}, cache, r);
        return new DecodeStepCapture(model, Arrays.copyOf(tokens.display(), prefix + 1), cache, r);
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
        int Tk = tokens.length;
        return Arrays.copyOfRange(weights[layer], head * Tk, (head + 1) * Tk);
    }

    /** The walk of head (layer, head) for the new token; key = the key the dot-product stage writes out. */
    public HeadWalk walk(int layer, int head, int key) {
        ModelConfig c = model.config();
        if (layer < 0 || layer >= c.layers() || head < 0 || head >= c.heads())
            throw new IllegalArgumentException("no head " + layer + "." + head + " in a model of "
                    + c.layers() + " layers × " + c.heads() + " heads");
        int Tk = tokens.length, Dh = c.dHead(), g = c.kvHeadOf(head);
        float[] keys = new float[Tk * Dh], values = new float[Tk * Dh]; // (Tk, Dh): rows < prefix reused from the cache
        System.arraycopy(cache.keys(layer), cache.offset(g, 0), keys, 0, Tk * Dh);
        System.arraycopy(cache.values(layer), cache.offset(g, 0), values, 0, Tk * Dh);
        return HeadWalk.fromDecodeStep(model, tokens, layer, head, key, x[layer].clone(),
                Arrays.copyOfRange(q[layer], head * Dh, (head + 1) * Dh), keys, values,
                Arrays.copyOfRange(scores[layer], head * Tk, (head + 1) * Tk),
                Arrays.copyOfRange(weights[layer], head * Tk, (head + 1) * Tk), heads[layer].clone());
    }

    /** Keeps, per layer, the step's input, its q, every head's score and weight row, and the head outputs. */
    private static final class Recorder implements ForwardObserver {
        private final int Tk;
        private final float[][] x, q, scores, weights, heads;

        Recorder(ModelConfig c, int Tk) {
            int L = c.layers();
            this.Tk = Tk;
            x = new float[L][];
            q = new float[L][];
            heads = new float[L][];
            scores = new float[L][c.heads() * Tk];
            weights = new float[L][c.heads() * Tk];
        }

        @Override
        public boolean wantsHeadMatrices(int layer) {
            return true;
        }

        @Override
        public void onEmbeddings(float[] x, int T) {
            this.x[0] = x.clone();
        }

        @Override
        public void onBlockOutput(int layer, float[] x, int T) {
            if (layer + 1 < this.x.length) this.x[layer + 1] = x.clone();
        }

        @Override
        public void onQkv(int layer, float[] q, float[] k, float[] v, int pos0, int T) {
            this.q[layer] = q.clone();
        }

        @Override
        public void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
            // Heads report from several threads, each into its own slice.
            System.arraycopy(scores, 0, this.scores[layer], head * this.Tk, this.Tk);
            System.arraycopy(weights, 0, this.weights[layer], head * this.Tk, this.Tk);
        }

        @Override
        public void onAttentionOutput(int layer, float[] heads, int T) {
            this.heads[layer] = heads.clone();
        }
    }
}
