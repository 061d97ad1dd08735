package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpSpec;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.RopeSpec;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * What Llama-style decoders share (Llama, Mistral, Qwen 2/3, Gemma 1/2/3, Phi-3, OLMo 2, StableLM): the config keys
 * of their shape, and one reader of their tensors under "model.layers.{l}." by a family's {@link DecoderNames}.
 * Legend as in {@link ModelSpec}.
 */
final class Decoders {
    static final String FULL = "full_attention", SLIDING = "sliding_attention";

    private Decoders() {
    }

    /**
     * The shape (hidden_size, num_hidden_layers, num_attention_heads, num_key_value_heads, head_dim,
     * intermediate_size, vocab_size, max_position_embeddings), RMSNorm with rms_norm_eps, a gated MLP with
     * hidden_act and mlp_bias, attention biases from attention_bias, and the head tied per tie_word_embeddings.
     */
    static ModelSpec.Builder builder(HfConfig c, String id, String family, boolean tiedByDefault)
            throws ModelLoadException {
        int D = c.dimension("hidden_size"), L = c.dimension("num_hidden_layers"), H = c.dimension("num_attention_heads");
        int Hkv = c.dimension("num_key_value_heads", H), Dh = headDim(c, D, H);
        if (H % Hkv != 0)
            throw c.unsupported("num_attention_heads " + H + " is not a multiple of num_key_value_heads " + Hkv
                    + ": every key/value head must serve the same number of query heads.");
        ModelSpec.Builder b = ModelSpec.builder(id, family, L, H, Dh, D, c.dimension("intermediate_size"),
                        c.dimension("vocab_size"), c.dimension("max_position_embeddings", 2048))
                .kvHeads(Hkv).norm(NormSpec.rmsNorm(c.epsilon("rms_norm_eps", 1e-6)))
                .mlp(new MlpSpec(true, ActivationNames.of(c, "hidden_act", "silu"), c.bool("mlp_bias", false)))
                .lmHead(c.bool("tie_word_embeddings", tiedByDefault) ? ModelSpec.LmHead.TIED : ModelSpec.LmHead.SEPARATE);
        boolean bias = c.bool("attention_bias", false);
        return b.biases(bias, bias);
    }

    /** The config's head width. */
    static int headDim(HfConfig c) throws ModelLoadException {
        return headDim(c, c.dimension("hidden_size"), c.dimension("num_attention_heads"));
    }

    /** head_dim, or D/H when absent (which must then divide). */
    static int headDim(HfConfig c, int D, int H) throws ModelLoadException {
        if (c.has("head_dim")) return c.dimension("head_dim");
        if (D % H != 0)
            throw c.unsupported("hidden_size " + D + " is not a multiple of num_attention_heads " + H
                    + ", and no head_dim says how wide a head is.");
        return D / H;
    }

    /**
     * Each layer's type: config.json's layer_types (transformers 5.x) when present, else the family's rule for
     * configs written before it (which layers slide). Only full and sliding attention are supported.
     */
    static String[] layerTypes(HfConfig c, int L, IntPredicate slidesWithoutLayerTypes) throws ModelLoadException {
        List<String> given = c.strings("layer_types");
        String[] types = new String[L];
        if (given != null && given.size() != L)
            throw c.unsupported("layer_types lists " + given.size() + " layers but num_hidden_layers is " + L + ".");
        for (int l = 0; l < L; l++) {
            types[l] = given != null ? given.get(l) : slidesWithoutLayerTypes.test(l) ? SLIDING : FULL;
            if (!types[l].equals(FULL) && !types[l].equals(SLIDING))
                throw c.unsupported("layer " + l + " has attention type \"" + JsonMessages.excerpt(types[l])
                        + "\"; supported: " + FULL + ", " + SLIDING + ".");
        }
        return types;
    }

    /** Sets every layer's window (sliding layers get window positions) and rotary embedding. */
    static void attention(ModelSpec.Builder b, String[] types, int window, RopeSpec full, RopeSpec sliding) {
        for (int l = 0; l < types.length; l++) {
            boolean slides = types[l].equals(SLIDING);
            b.window(l, slides ? window : 0).rope(l, slides ? sliding : full);
        }
    }

    /** The weights of a decoder named per names, under "model." (or no prefix, as a bare base model saves them). */
    static ModelWeights weights(WeightReader r, ModelSpec s, DecoderNames n) throws ModelLoadException {
        String root = r.has("model.embed_tokens.weight") || !r.has("embed_tokens.weight") ? "model." : "";
        int D = s.dModel(), V = s.vocabSize();
        Table embed = r.table(root + "embed_tokens.weight", V, D, "(vocab_size, hidden_size)");
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++) layers.add(layer(r, s, n, root + "layers." + l + "."));
        Norm finalNorm = norm(r, s, root + "norm", D);
        Table head = s.lmHead() == ModelSpec.LmHead.SEPARATE
                ? r.table("lm_head.weight", V, D, "(vocab_size, hidden_size)") : null;
        return new ModelWeights(embed, null, null, null, layers, finalNorm, head);
    }

    private static LayerWeights layer(WeightReader r, ModelSpec s, DecoderNames n, String p) throws ModelLoadException {
        int D = s.dModel(), F = s.dFF(), Q = s.qWidth(), KV = s.kvWidth();
        boolean qkvBias = s.attention().qkvBias(), outBias = s.attention().outputBias(), mlpBias = s.mlp().bias();
        AttentionWeights a;
        if (n.qkv() != null) {
            String w = p + n.qkv() + ".weight", b = p + n.qkv() + ".bias";
            int total = Q + 2 * KV;
            String legend = "(q|k|v = H·Dh + 2·Hkv·Dh, hidden_size)";
            a = new AttentionWeights(
                    r.linearRows(w, total, D, 0, Q, legend), qkvBias ? r.floatsPart(b, legend, total, 0, Q) : null,
                    r.linearRows(w, total, D, Q, KV, legend), qkvBias ? r.floatsPart(b, legend, total, Q, KV) : null,
                    r.linearRows(w, total, D, Q + KV, KV, legend), qkvBias ? r.floatsPart(b, legend, total, Q + KV, KV) : null,
                    null, null, r.linear(p + n.o() + ".weight", D, Q, "(hidden_size, H·Dh)"),
                    outBias ? r.floats(p + n.o() + ".bias", "(hidden_size)", D) : null);
        } else {
            Norm qNorm = null, kNorm = null;
            AttentionSpec.QkNorm qk = s.attention().qkNorm();
            if (qk != AttentionSpec.QkNorm.NONE) {
                boolean perHead = qk == AttentionSpec.QkNorm.PER_HEAD;
                qNorm = norm(r, s, p + n.qNorm(), perHead ? s.dHead() : Q);
                kNorm = norm(r, s, p + n.kNorm(), perHead ? s.dHead() : KV);
            }
            a = new AttentionWeights(
                    r.linear(p + n.q() + ".weight", Q, D, "(H·Dh, hidden_size)"), bias(r, qkvBias, p + n.q(), Q),
                    r.linear(p + n.k() + ".weight", KV, D, "(Hkv·Dh, hidden_size)"), bias(r, qkvBias, p + n.k(), KV),
                    r.linear(p + n.v() + ".weight", KV, D, "(Hkv·Dh, hidden_size)"), bias(r, qkvBias, p + n.v(), KV),
                    qNorm, kNorm, r.linear(p + n.o() + ".weight", D, Q, "(hidden_size, H·Dh)"), bias(r, outBias, p + n.o(), D));
        }
        MlpWeights m;
        if (n.gateUp() != null) {
            String w = p + n.gateUp() + ".weight", legend = "(gate|up = 2·intermediate_size, hidden_size)";
            m = new MlpWeights(r.linearRows(w, 2 * F, D, 0, F, legend), null, r.linearRows(w, 2 * F, D, F, F, legend),
                    null, r.linear(p + n.down() + ".weight", D, F, "(hidden_size, intermediate_size)"), null);
        } else {
            m = new MlpWeights(
                    r.linear(p + n.gate() + ".weight", F, D, "(intermediate_size, hidden_size)"), bias(r, mlpBias, p + n.gate(), F),
                    r.linear(p + n.up() + ".weight", F, D, "(intermediate_size, hidden_size)"), bias(r, mlpBias, p + n.up(), F),
                    r.linear(p + n.down() + ".weight", D, F, "(hidden_size, intermediate_size)"), bias(r, mlpBias, p + n.down(), D));
        }
        return new LayerWeights(norm(r, s, p, n.attentionNorm(), D), a, norm(r, s, p, n.attentionOutputNorm(), D),
                norm(r, s, p, n.mlpNorm(), D), m, norm(r, s, p, n.mlpOutputNorm(), D));
    }

    private static Norm norm(WeightReader r, ModelSpec s, String prefix, String name, int width) throws ModelLoadException {
        return name == null ? null : norm(r, s, prefix + name, width);
    }

    /** A norm's weight, with its bias when the model's norms are LayerNorms that have one. */
    static Norm norm(WeightReader r, ModelSpec s, String name, int width) throws ModelLoadException {
        String bias = !s.norm().rms() && r.has(name + ".bias") ? name + ".bias" : null;
        return r.norm(name + ".weight", bias, width, s.norm().unitOffset());
    }

    private static float[] bias(WeightReader r, boolean present, String name, int n) throws ModelLoadException {
        return present ? r.floats(name + ".bias", "(out)", n) : null;
    }
}
