package org.attentionlens.model;

/**
 * The shape of a transformer. Legend used across the model package:
 * L layers, H query heads, Hkv key/value heads (H for GPT-2 and BERT; fewer under grouped-query attention),
 * D model width, Dh head width, F feed-forward width, V vocabulary, N context (max positions), T tokens.
 *
 * @param id           a short id: a built-in name ("minilm-l6", "brown-gpt") or the folder it came from
 * @param architecture which block layout runs it
 * @param eps          the normalisation epsilon
 * @param typeVocab    BERT's token-type vocabulary (0 where there is none)
 */
public record ModelConfig(String id, ArchitectureKind architecture, int layers, int heads, int kvHeads,
                          int dModel, int dHead, int dFF, int vocabSize, int context, float eps, int typeVocab) {

    public ModelConfig {
        if (layers <= 0 || heads <= 0 || kvHeads <= 0 || dModel <= 0 || dHead <= 0 || dFF <= 0
                || vocabSize <= 0 || context <= 0)
            throw new IllegalArgumentException("model dimensions must be positive: " + this);
        if (heads % kvHeads != 0)
            throw new IllegalArgumentException(heads + " query heads do not divide into " + kvHeads + " key/value heads");
    }

    /** Whether each token sees only itself and earlier tokens. */
    public boolean causal() {
        return architecture.causal();
    }

    /** Width of all query heads together, H·Dh. */
    public int qWidth() {
        return heads * dHead;
    }

    /** Width of all key (or value) heads together, Hkv·Dh. */
    public int kvWidth() {
        return kvHeads * dHead;
    }

    /** The key/value head that query head h reads (grouped-query attention shares one among H/Hkv heads). */
    public int kvHeadOf(int h) {
        return h / (heads / kvHeads);
    }

    public ModelConfig withId(String newId) {
        return new ModelConfig(newId, architecture, layers, heads, kvHeads, dModel, dHead, dFF, vocabSize, context,
                eps, typeVocab);
    }
}
