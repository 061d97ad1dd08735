package org.attentionlens.model;

import org.attentionlens.tensor.Activation;

import java.util.Arrays;

/**
 * What a transformer is, as data: the one generic forward pass ({@link Transformer}) reads nothing else. A Hugging
 * Face family is a mapping from its config.json to one of these (see io/hf), never a new forward pass.
 * <p>Legend used across the model package: L layers, H query heads, Hkv key/value heads, D model width, Dh head
 * width, F feed-forward width, V vocabulary (embedding rows), N context (max positions), T tokens of a call,
 * Tk keys attended over, P rotating pairs per head.
 *
 * @param id       a short id: a built-in name ("minilm-l6", "brown-gpt") or the folder it came from
 * @param family   the Hugging Face model_type it was read as ("gpt2", "llama", "bert", …)
 * @param finalNorm whether a norm follows the last block (pre-norm families)
 * @param lmHead   the next-token head: none (encoders), tied to the token embedding, or its own table
 * @param finalSoftcap logits become cap·tanh(logit/cap) (Gemma 2), or 0 for none
 */
public record ModelSpec(String id, String family, int layers, int dModel, int dFF, int vocabSize, int context,
                        EmbeddingSpec embedding, NormSpec norm, AttentionSpec attention, MlpSpec mlp,
                        Residual residual, boolean finalNorm, LmHead lmHead, float finalSoftcap) {

    public enum LmHead { NONE, TIED, SEPARATE }

    public ModelSpec {
        if (layers <= 0 || dModel <= 0 || dFF <= 0 || vocabSize <= 0 || context <= 0)
            throw new IllegalArgumentException("model dimensions must be positive: L " + layers + ", D " + dModel
                    + ", F " + dFF + ", V " + vocabSize + ", N " + context);
        if (attention.window().length != layers)
            throw new IllegalArgumentException("attention describes " + attention.window().length + " layers, the model " + layers);
        if (lmHead != LmHead.NONE && !attention.causal())
            throw new IllegalArgumentException("an encoder has no next-token head");
        if (!(finalSoftcap >= 0) || Float.isInfinite(finalSoftcap))
            throw new IllegalArgumentException("final soft-cap must be ≥ 0, is " + finalSoftcap);
        if ((long) attention.heads() * attention.dHead() > Integer.MAX_VALUE / 8 || (long) dModel * dFF > Integer.MAX_VALUE)
            throw new IllegalArgumentException("model dimensions too large: D " + dModel + ", F " + dFF);
    }

    public int heads() {
        return attention.heads();
    }

    public int kvHeads() {
        return attention.kvHeads();
    }

    public int dHead() {
        return attention.dHead();
    }

    /** Whether each token sees only itself and earlier tokens. */
    public boolean causal() {
        return attention.causal();
    }

    public float eps() {
        return norm.eps();
    }

    /** Width of all query heads together, H·Dh. */
    public int qWidth() {
        return heads() * dHead();
    }

    /** Width of all key (or value) heads together, Hkv·Dh. */
    public int kvWidth() {
        return kvHeads() * dHead();
    }

    /** The key/value head that query head h reads (grouped-query attention shares one among H/Hkv heads). */
    public int kvHeadOf(int h) {
        return attention.kvHeadOf(h);
    }

    public AttentionMask mask(int layer) {
        return attention.mask(layer);
    }

    /** Whether any layer uses rotary position embeddings. */
    public boolean rotary() {
        return Arrays.stream(attention.rope()).anyMatch(r -> r != null);
    }

    public ModelSpec withId(String newId) {
        return new ModelSpec(newId, family, layers, dModel, dFF, vocabSize, context, embedding, norm, attention, mlp,
                residual, finalNorm, lmHead, finalSoftcap);
    }

    public ModelSpec withLmHead(LmHead head) {
        return new ModelSpec(id, family, layers, dModel, dFF, vocabSize, context, embedding, norm, attention, mlp,
                residual, finalNorm, head, finalSoftcap);
    }

    /** GPT-2: learned positions, pre-LayerNorm, tanh GELU, biases everywhere, tied head. */
    public static ModelSpec gpt2(String id, int layers, int heads, int dModel, int dFF, int vocabSize, int context,
                                 float eps) {
        return gpt2Builder(id, layers, heads, dModel / heads, dModel, dFF, vocabSize, context, eps).build();
    }

    /** GPT-2's recipe with any head width, to vary before building (e.g. grouped-query attention). */
    public static Builder gpt2Builder(String id, int layers, int heads, int dHead, int dModel, int dFF, int vocabSize,
                                      int context, float eps) {
        return builder(id, "gpt2", layers, heads, dHead, dModel, dFF, vocabSize, context)
                .embedding(new EmbeddingSpec(true, 0, 0, 1f, false)).norm(NormSpec.layerNorm(eps))
                .biases(true, true).mlp(new MlpSpec(false, Activation.GELU_TANH, true))
                .residual(Residual.PRE_NORM).finalNorm(true).lmHead(LmHead.TIED);
    }

    /** BERT: bidirectional, learned positions and token types, post-LayerNorm, erf GELU, no next-token head. */
    public static ModelSpec bert(String id, int layers, int heads, int dModel, int dFF, int vocabSize, int context,
                                 float eps, int typeVocab) {
        return builder(id, "bert", layers, heads, dModel / heads, dModel, dFF, vocabSize, context)
                .causal(false).embedding(new EmbeddingSpec(true, 0, typeVocab, 1f, true)).norm(NormSpec.layerNorm(eps))
                .biases(true, true).mlp(new MlpSpec(false, Activation.GELU_ERF, true))
                .residual(Residual.POST_NORM).finalNorm(false).lmHead(LmHead.NONE).build();
    }

    /** A builder with a Llama's defaults: causal, RMSNorm (1e-6), no biases, SwiGLU, pre-norm, untied head, no RoPE yet. */
    public static Builder builder(String id, String family, int layers, int heads, int dHead, int dModel, int dFF,
                                  int vocabSize, int context) {
        return new Builder(id, family, layers, heads, dHead, dModel, dFF, vocabSize, context);
    }

    /** Assembles a spec; anything not set keeps the defaults named in {@link #builder}. */
    public static final class Builder {
        private final String id, family;
        private final int layers, heads, dHead, dModel, dFF, vocabSize, context;
        private int kvHeads;
        private boolean causal = true, qkvBias, outputBias, finalNorm = true;
        private float scale = Float.NaN, softcap, finalSoftcap;
        private AttentionSpec.QkNorm qkNorm = AttentionSpec.QkNorm.NONE;
        private final int[] window;
        private final RopeSpec[] rope;
        private EmbeddingSpec embedding = EmbeddingSpec.TOKENS_ONLY;
        private NormSpec norm = NormSpec.rmsNorm(1e-6f);
        private MlpSpec mlp = new MlpSpec(true, Activation.SILU, false);
        private Residual residual = Residual.PRE_NORM;
        private LmHead lmHead = LmHead.SEPARATE;

        private Builder(String id, String family, int layers, int heads, int dHead, int dModel, int dFF, int vocabSize,
                        int context) {
            if (layers <= 0 || layers > 100_000) throw new IllegalArgumentException("layers must be 1…100000, is " + layers);
            this.id = id;
            this.family = family;
            this.layers = layers;
            this.heads = heads;
            this.kvHeads = heads;
            this.dHead = dHead;
            this.dModel = dModel;
            this.dFF = dFF;
            this.vocabSize = vocabSize;
            this.context = context;
            this.window = new int[layers];
            this.rope = new RopeSpec[layers];
        }

        public Builder kvHeads(int kvHeads) {
            this.kvHeads = kvHeads;
            return this;
        }

        public Builder causal(boolean causal) {
            this.causal = causal;
            return this;
        }

        public Builder biases(boolean qkv, boolean output) {
            this.qkvBias = qkv;
            this.outputBias = output;
            return this;
        }

        /** Scores are q·k times this (default 1/√Dh). */
        public Builder scale(float scale) {
            this.scale = scale;
            return this;
        }

        public Builder softcap(float attention, float logits) {
            this.softcap = attention;
            this.finalSoftcap = logits;
            return this;
        }

        public Builder qkNorm(AttentionSpec.QkNorm qkNorm) {
            this.qkNorm = qkNorm;
            return this;
        }

        /** The same rotary embedding in every layer. */
        public Builder rope(RopeSpec r) {
            Arrays.fill(rope, r);
            return this;
        }

        public Builder rope(int layer, RopeSpec r) {
            rope[layer] = r;
            return this;
        }

        public Builder window(int layer, int positions) {
            window[layer] = positions;
            return this;
        }

        public Builder embedding(EmbeddingSpec e) {
            this.embedding = e;
            return this;
        }

        public Builder norm(NormSpec n) {
            this.norm = n;
            return this;
        }

        public Builder mlp(MlpSpec m) {
            this.mlp = m;
            return this;
        }

        public Builder residual(Residual r) {
            this.residual = r;
            return this;
        }

        public Builder finalNorm(boolean f) {
            this.finalNorm = f;
            return this;
        }

        public Builder lmHead(LmHead h) {
            this.lmHead = h;
            return this;
        }

        public ModelSpec build() {
            float s = Float.isNaN(scale) ? (float) (1.0 / Math.sqrt(dHead)) : scale;
            AttentionSpec a = new AttentionSpec(heads, kvHeads, dHead, causal, qkvBias, outputBias, s, softcap, qkNorm,
                    window, rope);
            return new ModelSpec(id, family, layers, dModel, dFF, vocabSize, context, embedding, norm, a, mlp, residual,
                    finalNorm, lmHead, finalSoftcap);
        }
    }
}
