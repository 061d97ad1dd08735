package org.attentionlens.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * For a model folder with weights but no tokenizer files: the model still runs on token ids given by hand, which
 * read as "&lt;id N&gt;" everywhere. Text made of ids ("464 3797, 3332") is read as those ids, each spanning its
 * digits; any other text is refused with {@link #NO_TOKENIZER}.
 */
public final class IdsOnlyTokenizer implements Tokenizer {
    /** What encode says: one line, with what to do instead. */
    public static final String NO_TOKENIZER = "this model folder has no tokenizer (tokenizer.json, vocab.json + "
            + "merges.txt, or vocab.txt): give token ids, e.g. --ids 1,2,3";
    /** What the app shows while such a model is loaded. */
    public static final String APP_NOTE = "This model folder has no tokenizer: type token ids separated by spaces "
            + "or commas, e.g. 464 3797 3332. Tokens show as <id N>.";
    private static final Pattern IDS = Pattern.compile("[\\d\\s,]+"); // no nested repeats: linear on any text
    private static final Pattern ID = Pattern.compile("\\d+");

    private final int vocabSize;

    /** @param vocabSize the model's vocabulary size (its embedding rows) */
    public IdsOnlyTokenizer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    /**
     * No tokens for empty text (callers ask for the special tokens that frame a text that way); ids separated by
     * spaces or commas become those tokens; any other text throws.
     *
     * @throws IllegalArgumentException {@link #NO_TOKENIZER}, or an id past the vocabulary
     */
    @Override
    public Tokens encode(String text) {
        if (text.isBlank()) return Tokens.ofIds(new int[0], null);
        if (!readsAsIds(text)) throw new IllegalArgumentException(NO_TOKENIZER);
        List<int[]> spans = new ArrayList<>();
        Matcher m = ID.matcher(text);
        while (m.find()) spans.add(new int[]{m.start(), m.end()});
        int T = spans.size();
        int[] ids = new int[T], start = new int[T], end = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) {
            start[t] = spans.get(t)[0];
            end[t] = spans.get(t)[1];
            String digits = text.substring(start[t], end[t]);
            long id = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
            if (id >= vocabSize)
                throw new IllegalArgumentException("token id " + (digits.length() > 12 ? digits.substring(0, 12) + "…"
                        : digits) + " is past this model's vocabulary of " + vocabSize + " ids (0 to " + (vocabSize - 1) + ")");
            ids[t] = (int) id;
            display[t] = TokenText.ofId(ids[t]);
        }
        return new Tokens(ids, start, end, display);
    }

    /** The text is token ids separated by spaces or commas (and nothing else). */
    public static boolean readsAsIds(String text) {
        return IDS.matcher(text).matches() && ID.matcher(text).find();
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
