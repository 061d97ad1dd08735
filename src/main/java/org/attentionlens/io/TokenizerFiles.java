package org.attentionlens.io;

import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.ByteLevelBpeTokenizer;
import org.attentionlens.tokenizer.Gpt2Vocabulary;
import org.attentionlens.tokenizer.Tokenizer;

/** Finds and reads the tokenizer that belongs with a model folder. */
final class TokenizerFiles {
    /** What a folder may hold for its tokenizer, for messages. */
    static final String KNOWN = "tokenizer.json, or vocab.json and merges.txt";

    private TokenizerFiles() {
    }

    /** tokenizer.json if present, else vocab.json + merges.txt, else GPT-2's own vocabulary when sizes match. */
    static Tokenizer read(ModelSource src, ModelSpec c) throws ModelLoadException {
        ByteLevelBpeTokenizer t;
        String from;
        try {
            if (src.has("tokenizer.json")) {
                from = "tokenizer.json";
                t = ByteLevelBpeTokenizer.fromTokenizerJson(src.readString(from));
            } else if (src.has("vocab.json") && src.has("merges.txt")) {
                from = "vocab.json/merges.txt";
                t = ByteLevelBpeTokenizer.fromVocabAndMerges(src.readString("vocab.json"), src.readString("merges.txt"));
            } else if (c.vocabSize() == Gpt2Vocabulary.SIZE) {
                from = "GPT-2's vocabulary";
                t = Gpt2Vocabulary.tokenizer();
            } else {
                throw new ModelLoadException(src.id() + " has no tokenizer (" + KNOWN + "), and its vocabulary of "
                        + c.vocabSize() + " is not GPT-2's " + Gpt2Vocabulary.SIZE + ".");
            }
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Cannot read the tokenizer of " + src.id() + ": " + e.getMessage(), e);
        }
        if (t.vocabSize() > c.vocabSize())
            throw new ModelLoadException("The tokenizer (" + from + ") has " + t.vocabSize()
                    + " entries but the model's vocabulary has " + c.vocabSize() + " rows: they do not belong together.");
        return t;
    }
}
