package org.attentionlens.io;

import org.attentionlens.io.onnx.OnnxGraph;
import org.attentionlens.io.onnx.OnnxNode;
import org.attentionlens.io.onnx.OnnxTensor;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a Hugging Face BERT exported to ONNX (torch.onnx) onto {@link ModelWeights}. Legend as in
 * {@link ModelSpec}. Biases, norms and embeddings keep their PyTorch names
 * ({@code encoder.layer.0.attention.self.query.bias}); the exporter renames the six weight matrices of each
 * block ({@code onnx::MatMul_885}), so those are found through the MatMul node that reads them
 * ({@code /encoder/layer.0/attention/self/query/MatMul}). ONNX MatMul weights are already (in, out).
 */
public final class BertOnnxLoader {
    /** The block's MatMul nodes, by their path inside /encoder/layer.N/. */
    private static final Pattern MATMUL_NODE = Pattern.compile(
            "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value"
                    + "|attention/output/dense|intermediate/dense|output/dense)/MatMul");

    private final OnnxGraph graph;
    private final ModelSpec config;
    private final Kernels kernels;
    /** "layer/path" (e.g. "0/attention/self/query") → the weight initializer its MatMul reads. */
    private final Map<String, OnnxTensor> matmulWeights = new HashMap<>();

    private BertOnnxLoader(OnnxGraph graph, ModelSpec config, Kernels kernels) {
        this.graph = graph;
        this.config = config;
        this.kernels = kernels;
        for (OnnxNode node : graph.nodes()) {
            if (!node.opType().equals("MatMul")) continue;
            Matcher m = MATMUL_NODE.matcher(node.name());
            if (!m.matches()) continue;
            for (String input : node.inputs()) {
                OnnxTensor w = graph.initializers().get(input);
                if (w != null) matmulWeights.put(m.group(1) + "/" + m.group(2), w);
            }
        }
    }

    /**
     * Builds the transformer; every tensor's shape is checked against config.
     *
     * @param progress reports from 0 to 1 as layers are packed
     */
    public static Transformer load(OnnxGraph graph, ModelSpec config, Kernels kernels, Progress progress)
            throws ModelLoadException {
        return new BertOnnxLoader(graph, config, kernels).build(progress);
    }

    private Transformer build(Progress progress) throws ModelLoadException {
        int D = config.dModel(), V = config.vocabSize(), N = config.context();
        float[] tokens = vector("embeddings.word_embeddings.weight", "(V, D)", V, D);      // (V, D)
        float[] positions = vector("embeddings.position_embeddings.weight", "(N, D)", N, D); // (N, D)
        float[] types = vector("embeddings.token_type_embeddings.weight", "(typeVocab, D)",
                config.embedding().typeVocab(), D);                                                      // (typeVocab, D)
        Norm embeddingNorm = norm("embeddings.LayerNorm");
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            progress.report((double) l / config.layers(), "Packing layer " + (l + 1) + " of " + config.layers());
            layers.add(layer(l));
        }
        progress.report(1, "Weights ready");
        ModelWeights weights = new ModelWeights(Table.of(tokens, V, D), Table.of(positions, N, D), types,
                embeddingNorm, layers, null, null);
        return new Transformer(config, weights, kernels);
    }

    private LayerWeights layer(int l) throws ModelLoadException {
        int D = config.dModel(), F = config.dFF(), Q = config.qWidth(), KV = config.kvWidth();
        String p = "encoder.layer." + l + ".";
        AttentionWeights attention = new AttentionWeights(
                matrix(l, "attention/self/query", "(D, H·Dh)", D, Q), vector(p + "attention.self.query.bias", "(H·Dh)", Q),
                matrix(l, "attention/self/key", "(D, Hkv·Dh)", D, KV), vector(p + "attention.self.key.bias", "(Hkv·Dh)", KV),
                matrix(l, "attention/self/value", "(D, Hkv·Dh)", D, KV), vector(p + "attention.self.value.bias", "(Hkv·Dh)", KV),
                null, null,
                matrix(l, "attention/output/dense", "(H·Dh, D)", Q, D), vector(p + "attention.output.dense.bias", "(D)", D));
        MlpWeights mlp = new MlpWeights(null, null,
                matrix(l, "intermediate/dense", "(D, F)", D, F), vector(p + "intermediate.dense.bias", "(F)", F),
                matrix(l, "output/dense", "(F, D)", F, D), vector(p + "output.dense.bias", "(D)", D));
        return new LayerWeights(norm(p + "attention.output.LayerNorm"), attention, null, norm(p + "output.LayerNorm"),
                mlp, null);
    }

    private Norm norm(String prefix) throws ModelLoadException {
        int D = config.dModel();
        return new Norm(vector(prefix + ".weight", "(D)", D), vector(prefix + ".bias", "(D)", D));
    }

    /** A named initializer's values after checking its shape; legend names the dims for the message. */
    private float[] vector(String name, String legend, long... dims) throws ModelLoadException {
        OnnxTensor t = graph.initializers().get(name);
        if (t == null)
            throw new ModelLoadException("The ONNX model has no tensor \"" + name + "\": it is not a Hugging Face "
                    + "BERT export this loader knows.");
        return checked(t, legend, dims);
    }

    private Matrix matrix(int layer, String path, String legend, int K, int N) throws ModelLoadException {
        OnnxTensor t = matmulWeights.get(layer + "/" + path);
        if (t == null)
            throw new ModelLoadException("The ONNX model has no MatMul node /encoder/layer." + layer + "/" + path
                    + "/MatMul reading a weight tensor: it is not a Hugging Face BERT export this loader knows.");
        return kernels.pack(checked(t, legend, K, N), K, N);
    }

    private float[] checked(OnnxTensor t, String legend, long... dims) throws ModelLoadException {
        if (!Arrays.equals(t.dims(), dims))
            throw new ModelLoadException("ONNX tensor \"" + t.name() + "\" has shape " + t.shape() + " but "
                    + config.id() + " needs " + Arrays.toString(dims) + " " + legend + ".");
        return t.floats();
    }
}
