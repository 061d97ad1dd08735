package org.attentionlens.model;

import org.attentionlens.tokenizer.Tokenizer;

/**
 * A model ready to run: its weights and forward pass, and the tokenizer that goes with it.
 *
 * @param id          "minilm-l6", "brown-gpt", or the folder path it was loaded from
 * @param displayName a short human name for pickers, e.g. "MiniLM-L6 (6×12, encoder)"
 */
public record LoadedModel(String id, String displayName, Transformer transformer, Tokenizer tokenizer) {
    public ModelConfig config() {
        return transformer.config();
    }
}
