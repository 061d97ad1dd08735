package org.attentionlens.tokenizer;

import java.util.OptionalInt;

/** Text to token ids and back, keeping where each token came from in the text. */
public interface Tokenizer {

    /** Tokenizes text, adding the model's special tokens (BERT: [CLS] … [SEP]; GPT-2: none). */
    Tokens encode(String text);

    /** The text of ids, special tokens dropped (as transformers' decode with skip_special_tokens=True). */
    String decode(int[] ids);

    /** The vocabulary entry as stored, e.g. "Ġcat" or "##ing". */
    String rawToken(int id);

    /** The entry made readable: byte-level BPE bytes decoded with a leading space shown as "␣", WordPiece "##" dropped. */
    String displayToken(int id);

    /**
     * The token as a plain string for scripts and export: byte-level BPE tokens as their decoded text (" cat"),
     * WordPiece pieces and special tokens as stored ("##ing", "[CLS]").
     */
    default String tokenString(int id) {
        String text = decode(new int[]{id});
        return text.isEmpty() ? rawToken(id) : text;
    }

    int vocabSize();

    /** The end-of-text token that stops generation, if the vocabulary has one. */
    OptionalInt endOfText();
}
