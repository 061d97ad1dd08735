package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;

/** Small configurations for tests, in the real layouts. */
public final class TinyModels {
    private TinyModels() {
    }

    /** GPT-2 layout: 2 layers, 4 heads of 8, d 32, vocab 257 (bytes + end-of-text). */
    public static ModelSpec gpt2(int context) {
        return ModelSpec.gpt2("tiny-gpt2", 2, 4, 32, 64, 257, context, 1e-5f);
    }

    /** The same with grouped-query attention: 4 query heads share 2 key/value heads. */
    public static ModelSpec gpt2Grouped(int context) {
        return ModelSpec.gpt2Builder("tiny-gpt2-gqa", 2, 4, 8, 32, 64, 257, context, 1e-5f).kvHeads(2).build();
    }

    /** BERT layout: 2 layers, 4 heads of 8, d 32. */
    public static ModelSpec bert(int context) {
        return ModelSpec.bert("tiny-bert", 2, 4, 32, 64, 257, context, 1e-12f, 2);
    }

    public static Transformer random(ModelSpec c, long seed) {
        return RandomWeights.create(c, seed, Kernels.best());
    }
}
