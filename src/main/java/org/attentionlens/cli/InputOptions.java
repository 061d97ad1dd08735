package org.attentionlens.cli;

import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** {@code --text TEXT | --ids 1,2,3}: what to run, checked against the model's vocabulary and context. */
public final class InputOptions {
    /**
     * Characters per token past which a text cannot fit the context, whatever the tokenizer: English takes about 4 per
     * token. A text longer than context × this is refused before it is tokenized, which for 100,000 letters takes
     * seconds.
     */
    static final int MAX_CHARS_PER_TOKEN = 32;

    @Option(names = "--text", description = "Text to tokenize and run.")
    String text;

    @Option(names = "--ids", split = ",", description = "Token ids to run as they are, e.g. 464,3797,3332.")
    int[] ids;

    public Tokens tokens(LoadedModel m) {
        if ((text == null) == (ids == null)) throw new CliException("give exactly one of --text or --ids");
        Tokens tokens = text != null ? encode(m, text) : fromIds(m, ids);
        if (tokens.size() == 0) throw new CliException("the input has no tokens: give some text");
        int context = m.config().context();
        if (tokens.size() > context)
            throw new CliException("the input has " + tokens.size() + " tokens; " + m.id() + " takes at most "
                    + context + " (its context)");
        return tokens;
    }

    /**
     * The text's tokens; a text too long for the context is refused before tokenizing, and a tokenizer's refusal
     * (a folder without one takes token ids only) becomes the command's one-line error.
     */
    static Tokens encode(LoadedModel m, String text) {
        int context = m.config().context();
        long maxChars = (long) context * MAX_CHARS_PER_TOKEN;
        if (text.length() > maxChars)
            throw new CliException("the text has " + text.length() + " characters, more than the model's context of "
                    + context + " tokens can hold (it reads at most " + maxChars + " characters): give a shorter text");
        try {
            return m.tokenizer().encode(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** The start of text that can still reach past the context (see {@link #MAX_CHARS_PER_TOKEN}), whole chars. */
    static String head(LoadedModel m, String text) {
        long maxChars = (long) m.config().context() * MAX_CHARS_PER_TOKEN;
        if (text.length() <= maxChars) return text;
        int end = (int) maxChars;
        if (Character.isHighSurrogate(text.charAt(end - 1))) end--;
        return text.substring(0, end);
    }

    private static Tokens fromIds(LoadedModel m, int[] ids) {
        int V = m.config().vocabSize();
        for (int id : ids)
            if (id < 0 || id >= V) throw new CliException("token id " + id + " is outside the vocabulary 0…" + (V - 1));
        return Tokens.ofIds(ids, Arrays.stream(ids).mapToObj(m.tokenizer()::displayToken).toArray(String[]::new));
    }
}
