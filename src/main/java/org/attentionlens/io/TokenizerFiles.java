package org.attentionlens.io;

import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Gpt2Vocabulary;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.TokenizerFolder;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Finds and reads the tokenizer that belongs with a model folder. */
final class TokenizerFiles {
    /** What a folder may hold for its tokenizer, for messages. */
    static final String KNOWN = "tokenizer.json, or vocab.json and merges.txt, or vocab.txt";

    private TokenizerFiles() {
    }

    /**
     * The folder's tokenizer files as transformers reads them ({@link TokenizerFolder}); without any, GPT-2's own
     * vocabulary when the sizes match, else a tokenizer that takes token ids only.
     */
    static Tokenizer read(ModelSource src, ModelSpec c) throws ModelLoadException {
        Map<String, String> files = new HashMap<>();
        for (String f : TokenizerFolder.FILES) if (src.has(f)) files.put(f, src.readString(f));
        Tokenizer t;
        try {
            t = TokenizerFolder.tokenizer(files).orElse(null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("Cannot read the tokenizer of " + src.id() + ": " + e.getMessage(), e);
        }
        if (t == null && c.vocabSize() == Gpt2Vocabulary.SIZE) t = Gpt2Vocabulary.tokenizer();
        Optional<String> half = TokenizerFolder.incomplete(files);
        if (t == null && half.isPresent()) // a damaged folder, not one that never had a tokenizer
            throw new ModelLoadException(src.id() + " has no tokenizer (" + KNOWN + "): it has " + half.get()
                    + ", and its vocabulary of " + c.vocabSize() + " is not GPT-2's " + Gpt2Vocabulary.SIZE + ".");
        if (t == null) t = new IdsOnlyTokenizer(c.vocabSize());
        if (t.vocabSize() > c.vocabSize())
            throw new ModelLoadException("The tokenizer of " + src.id() + " has ids up to " + (t.vocabSize() - 1)
                    + " but the model's vocabulary (vocab_size in config.json) has " + c.vocabSize() + " rows, ids 0 to "
                    + (c.vocabSize() - 1) + ": the tokenizer files and the weights do not belong together.");
        return t;
    }
}
