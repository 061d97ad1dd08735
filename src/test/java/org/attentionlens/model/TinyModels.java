package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

/** Small configurations for tests, in the real layouts. */
public final class TinyModels {
    private TinyModels() {
    }

    /** GPT-2 layout: 2 layers, 4 heads of 8, d 32, vocab 257 (bytes + end-of-text). */
    public static ModelConfig gpt2(int context) {
        return new ModelConfig("tiny-gpt2", ArchitectureKind.GPT2, 2, 4, 4, 32, 8, 64, 257, context, 1e-5f, 0);
    }

    /** The same with grouped-query attention: 4 query heads share 2 key/value heads. */
    public static ModelConfig gpt2Grouped(int context) {
        return new ModelConfig("tiny-gpt2-gqa", ArchitectureKind.GPT2, 2, 4, 2, 32, 8, 64, 257, context, 1e-5f, 0);
    }

    /** BERT layout: 2 layers, 4 heads of 8, d 32. */
    public static ModelConfig bert(int context) {
        return new ModelConfig("tiny-bert", ArchitectureKind.BERT, 2, 4, 4, 32, 8, 64, 257, context, 1e-12f, 2);
    }

    public static Transformer random(ModelConfig c, long seed) {
        return RandomWeights.create(c, seed, Kernels.best());
    }
}
