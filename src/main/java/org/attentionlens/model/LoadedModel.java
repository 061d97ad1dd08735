package org.attentionlens.model;

import org.attentionlens.tokenizer.Tokenizer;

/**
 * A model ready to run: its weights and forward pass, the tokenizer that goes with it, and the tokens that end a
 * generated text.
 *
 * @param id          "minilm-l6", "brown-gpt", a hub id such as "HuggingFaceTB/SmolLM2-135M", or a folder path
 * @param displayName a short human name for pickers, e.g. "MiniLM-L6 (6×12, encoder)"
 * @param stopIds     end-of-text ids (generation_config.json's eos_token_id, one or several, else the tokenizer's)
 */
public record LoadedModel(String id, String displayName, Transformer transformer, Tokenizer tokenizer, int[] stopIds) {

    public LoadedModel {
        stopIds = stopIds.clone();
    }

    /** A model that stops at its tokenizer's end-of-text token, if any. */
    public LoadedModel(String id, String displayName, Transformer transformer, Tokenizer tokenizer) {
        this(id, displayName, transformer, tokenizer, tokenizer.endOfText().stream().toArray());
    }

    public ModelSpec config() {
        return transformer.config();
    }

    @Override
    public int[] stopIds() {
        return stopIds.clone();
    }
}
