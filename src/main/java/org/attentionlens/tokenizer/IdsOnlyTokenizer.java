package org.attentionlens.tokenizer;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * For a model folder with weights but no tokenizer files: the model still runs on token ids given by hand, which
 * read as "&lt;id N&gt;" everywhere; text cannot be tokenized.
 */
public final class IdsOnlyTokenizer implements Tokenizer {
    /** What encode says: one line, with what to do instead. */
    public static final String NO_TOKENIZER = "this model folder has no tokenizer (tokenizer.json, vocab.json + "
            + "merges.txt, or vocab.txt): give token ids, e.g. --ids 1,2,3";

    private final int vocabSize;

    /** @param vocabSize the model's vocabulary size (its embedding rows) */
    public IdsOnlyTokenizer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    /**
     * No tokens for empty text (callers ask for the special tokens that frame a text that way); any other text
     * throws.
     *
     * @throws IllegalArgumentException {@link #NO_TOKENIZER}
     */
    @Override
    public Tokens encode(String text) {
        if (text.isEmpty()) return Tokens.ofIds(new int[0], null);
        throw new IllegalArgumentException(NO_TOKENIZER);
    }

    /** "&lt;id 1&gt;&lt;id 2&gt;…". */
    @Override
    public String decode(int[] ids) {
        return Arrays.stream(ids).mapToObj(TokenText::ofId).collect(Collectors.joining());
    }

    @Override
    public String rawToken(int id) {
        return TokenText.ofId(id);
    }

    @Override
    public String displayToken(int id) {
        return TokenText.ofId(id);
    }

    @Override
    public String tokenString(int id) {
        return TokenText.ofId(id);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** Without a vocabulary no token is known to end a text. */
    @Override
    public OptionalInt endOfText() {
        return OptionalInt.empty();
    }
}
