package org.attentionlens.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tokenizer a Hugging Face model folder's files make, as transformers' AutoTokenizer would load it:
 * tokenizer.json if present; else GPT-2 style vocab.json + merges.txt, or a BERT vocab.txt, converted to the
 * tokenizer.json transformers' converters make ({@link Gpt2TokenizerJson}, {@link BertTokenizerJson}).
 * tokenizer_config.json, when present, is read alongside (end-of-text token, lowercasing, prefix space).
 */
public final class TokenizerFolder {
    /** The files looked at, to read from a folder before calling {@link #tokenizer}. */
    public static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json", "vocab.json",
            "merges.txt", "vocab.txt");

    private TokenizerFolder() {
    }

    /**
     * The tokenizer, or empty when the files hold none (a half of vocab.json + merges.txt is none: see
     * {@link #incomplete}).
     *
     * @param files file name → text, for those of {@link #FILES} the folder has
     * @throws IllegalArgumentException one line naming the file that cannot be read and why
     */
    public static Optional<Tokenizer> tokenizer(Map<String, String> files) {
        String config = files.get("tokenizer_config.json");
        if (files.containsKey("tokenizer.json"))
            return Optional.of(HfTokenizer.read("tokenizer.json", files.get("tokenizer.json"), config));
        if (files.containsKey("vocab.json") && files.containsKey("merges.txt"))
            return Optional.of(Gpt2TokenizerJson.tokenizer(files.get("vocab.json"), files.get("merges.txt"), config));
        if (files.containsKey("vocab.txt"))
            return Optional.of(BertTokenizerJson.tokenizer(files.get("vocab.txt"), config));
        return Optional.empty();
    }

    /** "vocab.json without merges.txt" (or the other way round) when the folder has one half of the pair. */
    public static Optional<String> incomplete(Map<String, String> files) {
        if (files.containsKey("vocab.json") == files.containsKey("merges.txt")) return Optional.empty();
        return Optional.of(files.containsKey("vocab.json") ? "vocab.json without merges.txt" : "merges.txt without vocab.json");
    }
}
