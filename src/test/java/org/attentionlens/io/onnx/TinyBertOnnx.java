package org.attentionlens.io.onnx;

import org.attentionlens.model.ModelSpec;

import java.util.SplittableRandom;

/**
 * A tiny BERT in the ONNX layout torch.onnx gives a Hugging Face export (what the built-in MiniLM is): biases, norms
 * and embeddings under their PyTorch names, the six weight matrices of a block as anonymous "onnx::MatMul_N"
 * initializers found through the MatMul nodes that read them. Random weights; for loaders, not for numbers.
 */
public final class TinyBertOnnx {
    /** 1 layer, 2 heads, d 8, FFN 16, vocabulary 16, 8 positions, 2 token types. */
    public static final ModelSpec SPEC = ModelSpec.bert("tiny-onnx", 1, 2, 8, 16, 16, 8, 1e-12f, 2);
    private static final String[] MATMULS = {"attention/self/query", "attention/self/key", "attention/self/value",
            "attention/output/dense", "intermediate/dense", "output/dense"};

    private TinyBertOnnx() {
    }

    public static byte[] bytes() {
        int D = SPEC.dModel(), F = SPEC.dFF();
        SplittableRandom rnd = new SplittableRandom(5);
        ProtoWriter graph = new ProtoWriter().string(2, "main_graph");
        graph.message(5, tensor("embeddings.word_embeddings.weight", rnd, SPEC.vocabSize(), D))
                .message(5, tensor("embeddings.position_embeddings.weight", rnd, SPEC.context(), D))
                .message(5, tensor("embeddings.token_type_embeddings.weight", rnd, 2, D))
                .message(5, tensor("embeddings.LayerNorm.weight", rnd, D))
                .message(5, tensor("embeddings.LayerNorm.bias", rnd, D));
        String p = "encoder.layer.0.";
        for (int i = 0; i < MATMULS.length; i++) {
            String path = MATMULS[i], weight = "onnx::MatMul_" + (100 + i);
            int in = path.equals("output/dense") ? F : D, out = path.equals("intermediate/dense") ? F : D;
            graph.message(1, new ProtoWriter().string(1, "/encoder/layer.0/" + path + "/input").string(1, weight)
                    .string(2, "/encoder/layer.0/" + path + "/output").string(3, "/encoder/layer.0/" + path + "/MatMul")
                    .string(4, "MatMul"));
            graph.message(5, tensor(weight, rnd, in, out))
                    .message(5, tensor(p + path.replace('/', '.') + ".bias", rnd, out));
        }
        for (String norm : new String[]{"attention.output.LayerNorm", "output.LayerNorm"})
            graph.message(5, tensor(p + norm + ".weight", rnd, D)).message(5, tensor(p + norm + ".bias", rnd, D));
        return new ProtoWriter().varint(1, 8).string(2, "pytorch").message(8, new ProtoWriter().varint(2, 14))
                .message(7, graph).toBytes();
    }

    /** A float32 initializer with raw little-endian data. */
    private static ProtoWriter tensor(String name, SplittableRandom rnd, long... dims) {
        long n = 1;
        for (long d : dims) n *= d;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian() * 0.3f;
        return new ProtoWriter().packedVarints(1, dims).varint(2, 1).string(8, name).bytes(9, ProtoWriter.littleEndian(v));
    }
}
