package org.attentionlens.model;

import org.attentionlens.tensor.Activation;

import java.util.List;

/**
 * Small specs with every family's recipe, for properties of the generic forward pass that hold for any weights
 * (the agreement with Hugging Face is tested per family on real checkpoint layouts, in io). Windows are shorter
 * than the tests' texts. Legend as in {@link ModelSpec}.
 */
public final class Recipes {
    private Recipes() {
    }

    public static final int V = 97, N = 64;

    public static List<String> names() {
        return List.of("gpt2", "gpt2-gqa", "bert", "roberta", "llama3", "mistral", "qwen2", "qwen3", "gemma",
                "gemma2", "phi3", "neox", "olmo2", "yarn-interleaved");
    }

    public static ModelSpec named(String name) {
        return switch (name) {
            case "gpt2" -> ModelSpec.gpt2(name, 3, 4, 32, 64, V, N, 1e-5f);
            case "gpt2-gqa" -> ModelSpec.gpt2Builder(name, 3, 4, 8, 32, 64, V, N, 1e-5f).kvHeads(2).build();
            case "bert" -> ModelSpec.bert(name, 3, 4, 32, 64, V, N, 1e-12f, 2);
            case "roberta" -> ModelSpec.builder(name, "roberta", 2, 4, 8, 32, 64, V, N).causal(false)
                    .lmHead(ModelSpec.LmHead.NONE).finalNorm(false).residual(Residual.POST_NORM)
                    .embedding(new EmbeddingSpec(true, 2, 1, 1f, true)).norm(NormSpec.layerNorm(1e-5f))
                    .biases(true, true).mlp(new MlpSpec(false, Activation.GELU_ERF, true)).build();
            case "llama3" -> llama(name, 3, 4, 2, 8).rope(RopeFrequencies.llama3(500000, 8, false, 8, 1, 4, 16)).build();
            case "mistral" -> windowed(llama(name, 2, 4, 1, 8).rope(RopeFrequencies.standard(10000, 8, false)), 2, 5).build();
            case "qwen2" -> llama(name, 2, 4, 2, 8).biases(true, false).rope(RopeFrequencies.standard(10000, 8, false))
                    .window(1, 6).build();
            case "qwen3" -> llama(name, 2, 4, 2, 12).qkNorm(AttentionSpec.QkNorm.PER_HEAD)
                    .rope(RopeFrequencies.standard(1e6, 12, false)).build();
            case "gemma" -> llama(name, 2, 4, 1, 24).lmHead(ModelSpec.LmHead.TIED)
                    .embedding(new EmbeddingSpec(false, 0, 0, (float) Math.sqrt(32), false))
                    .norm(new NormSpec(NormSpec.Kind.RMS_NORM, 1e-6f, true))
                    .mlp(new MlpSpec(true, Activation.GELU_TANH, false)).rope(RopeFrequencies.standard(10000, 24, false)).build();
            case "gemma2" -> llama(name, 3, 4, 2, 8).lmHead(ModelSpec.LmHead.TIED).residual(Residual.SANDWICH)
                    .embedding(new EmbeddingSpec(false, 0, 0, (float) Math.sqrt(32), false))
                    .norm(new NormSpec(NormSpec.Kind.RMS_NORM, 1e-6f, true)).scale(0.25f).softcap(4f, 3f)
                    .mlp(new MlpSpec(true, Activation.GELU_TANH, false)).rope(RopeFrequencies.standard(10000, 8, false))
                    .window(0, 4).window(2, 4).build();
            case "phi3" -> llama(name, 2, 4, 4, 8).rope(RopeFrequencies.longrope(10000, 6, false,
                    new double[]{1, 1.5, 2}, new double[]{2, 3, 4}, 48, 4, Double.NaN)).build();
            case "neox" -> ModelSpec.builder(name, "gpt_neox", 2, 4, 8, 32, 64, V, N).norm(NormSpec.layerNorm(1e-5f))
                    .biases(true, true).mlp(new MlpSpec(false, Activation.GELU_ERF, true)).residual(Residual.PARALLEL)
                    .rope(RopeFrequencies.standard(10000, 2, false)).build();
            case "olmo2" -> llama(name, 2, 4, 4, 8).residual(Residual.NORM_AFTER).qkNorm(AttentionSpec.QkNorm.WHOLE)
                    .rope(RopeFrequencies.standard(500000, 8, false)).build();
            case "yarn-interleaved" -> llama(name, 2, 4, 2, 8).rope(RopeFrequencies.yarn(10000, 8, true, 4, 16, 32, 1,
                    Double.NaN, 0, 0, true)).build();
            default -> throw new IllegalArgumentException("no recipe " + name);
        };
    }

    private static ModelSpec.Builder llama(String name, int L, int H, int Hkv, int Dh) {
        return ModelSpec.builder(name, name, L, H, Dh, 32, 64, V, N).kvHeads(Hkv).norm(NormSpec.rmsNorm(1e-5f));
    }

    private static ModelSpec.Builder windowed(ModelSpec.Builder b, int layers, int window) {
        for (int l = 0; l < layers; l++) b.window(l, window);
        return b;
    }
}
