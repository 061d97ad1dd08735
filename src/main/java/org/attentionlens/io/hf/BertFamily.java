package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.EmbeddingSpec;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpSpec;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.Residual;
import org.attentionlens.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT and RoBERTa encoders (safetensors, with or without the "bert." / "roberta." prefix; masked-LM and pooler heads
 * are ignored): bidirectional, learned absolute positions and token types, post-LayerNorm, GELU. RoBERTa's positions
 * start after its padding index (padding_idx + 1 = 2). DistilBERT's names differ (q_lin, sa_layer_norm, ffn.lin1 …)
 * and it has no token types.
 */
final class BertFamily implements HfFamily {
    @Override
    public List<String> modelTypes() {
        return List.of("bert", "roberta", "distilbert");
    }

    @Override
    public String displayName() {
        return "BERT";
    }

    @Override
    public ModelSpec spec(HfConfig c, WeightReader tensors, String id, String modelType) throws ModelLoadException {
        boolean distil = modelType.equals("distilbert");
        if (!c.string("position_embedding_type", "absolute").equals("absolute"))
            throw c.unsupported("position_embedding_type \"" + JsonMessages.excerpt(c.string("position_embedding_type", "")) + "\" is not "
                    + "supported; only absolute (learned) positions are.");
        int D = c.dimension(distil ? "dim" : "hidden_size"), H = c.dimension(distil ? "n_heads" : "num_attention_heads");
        if (D % H != 0) throw c.unsupported("the width " + D + " is not divisible by the " + H + " heads.");
        int offset = modelType.equals("roberta") ? c.count("pad_token_id", 1) + 1 : 0;
        int positions = c.dimension("max_position_embeddings", 512);
        if (positions <= offset) throw c.unsupported("max_position_embeddings " + positions + " leaves no positions.");
        return ModelSpec.builder(id, modelType, c.dimension(distil ? "n_layers" : "num_hidden_layers"), H, D / H, D,
                        c.dimension(distil ? "hidden_dim" : "intermediate_size"), c.dimension("vocab_size"),
                        positions - offset)
                .causal(false).lmHead(ModelSpec.LmHead.NONE).finalNorm(false).residual(Residual.POST_NORM)
                .embedding(new EmbeddingSpec(true, offset, distil ? 0 : c.dimension("type_vocab_size", 2), 1f, true))
                .norm(NormSpec.layerNorm(c.epsilon("layer_norm_eps", 1e-12))).biases(true, true)
                .mlp(new MlpSpec(false, ActivationNames.of(c, distil ? "activation" : "hidden_act", "gelu"), true))
                .build();
    }

    @Override
    public ModelWeights weights(WeightReader r, ModelSpec s) throws ModelLoadException {
        boolean distil = s.family().equals("distilbert");
        String root = r.has(s.family() + ".embeddings.word_embeddings.weight") ? s.family() + "." : "";
        String e = root + "embeddings.";
        int D = s.dModel();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++)
            layers.add(distil ? distilLayer(r, s, root + "transformer.layer." + l + ".")
                    : layer(r, s, root + "encoder.layer." + l + "."));
        int types = s.embedding().typeVocab();
        return new ModelWeights(r.table(e + "word_embeddings.weight", s.vocabSize(), D, "(vocab_size, hidden_size)"),
                r.table(e + "position_embeddings.weight", s.context() + s.embedding().positionOffset(), D,
                        "(max_position_embeddings, hidden_size)"),
                types > 0 ? r.floats(e + "token_type_embeddings.weight", "(type_vocab_size, hidden_size)", types, D) : null,
                norm(r, e + "LayerNorm", D), layers, null, null);
    }

    private static LayerWeights layer(WeightReader r, ModelSpec s, String p) throws ModelLoadException {
        int D = s.dModel(), F = s.dFF();
        AttentionWeights a = new AttentionWeights(
                linear(r, p + "attention.self.query", D, D), bias(r, p + "attention.self.query", D),
                linear(r, p + "attention.self.key", D, D), bias(r, p + "attention.self.key", D),
                linear(r, p + "attention.self.value", D, D), bias(r, p + "attention.self.value", D), null, null,
                linear(r, p + "attention.output.dense", D, D), bias(r, p + "attention.output.dense", D));
        MlpWeights m = new MlpWeights(null, null, linear(r, p + "intermediate.dense", F, D), bias(r, p + "intermediate.dense", F),
                linear(r, p + "output.dense", D, F), bias(r, p + "output.dense", D));
        return new LayerWeights(norm(r, p + "attention.output.LayerNorm", D), a, null, norm(r, p + "output.LayerNorm", D), m, null);
    }

    private static LayerWeights distilLayer(WeightReader r, ModelSpec s, String p) throws ModelLoadException {
        int D = s.dModel(), F = s.dFF();
        AttentionWeights a = new AttentionWeights(
                linear(r, p + "attention.q_lin", D, D), bias(r, p + "attention.q_lin", D),
                linear(r, p + "attention.k_lin", D, D), bias(r, p + "attention.k_lin", D),
                linear(r, p + "attention.v_lin", D, D), bias(r, p + "attention.v_lin", D), null, null,
                linear(r, p + "attention.out_lin", D, D), bias(r, p + "attention.out_lin", D));
        MlpWeights m = new MlpWeights(null, null, linear(r, p + "ffn.lin1", F, D), bias(r, p + "ffn.lin1", F),
                linear(r, p + "ffn.lin2", D, F), bias(r, p + "ffn.lin2", D));
        return new LayerWeights(norm(r, p + "sa_layer_norm", D), a, null, norm(r, p + "output_layer_norm", D), m, null);
    }

    private static Matrix linear(WeightReader r, String name, int out, int in)
            throws ModelLoadException {
        return r.linear(name + ".weight", out, in, "(out, in)");
    }

    private static float[] bias(WeightReader r, String name, int n) throws ModelLoadException {
        return r.floats(name + ".bias", "(out)", n);
    }

    /** A LayerNorm named with weight/bias, or with the gamma/beta of checkpoints converted from TensorFlow. */
    private static Norm norm(WeightReader r, String name, int D) throws ModelLoadException {
        return r.has(name + ".weight") ? r.norm(name + ".weight", name + ".bias", D, false)
                : r.norm(name + ".gamma", name + ".beta", D, false);
    }
}
