package org.attentionlens.tokenizer;

import java.util.Arrays;

/**
 * A tokenized text. Legend: T tokens.
 *
 * @param ids     (T) vocabulary ids
 * @param start   (T) char index in the text where each token begins; special tokens get an empty span
 * @param end     (T) char index one past where each token ends
 * @param display (T) readable token strings for the UI (see {@link Tokenizer#displayToken})
 */
public record Tokens(int[] ids, int[] start, int[] end, String[] display) {
    public Tokens {
        int T = ids.length;
        if (start.length != T || end.length != T || display.length != T)
            throw new IllegalArgumentException("ids, spans and display strings differ in length");
    }

    /**
     * Tokens known only by id (benchmarks, generated ids that need not decode to valid text): position t gets the
     * span t … t+1 and the given labels, or "#id" when labels is null.
     */
    public static Tokens ofIds(int[] ids, String[] labels) {
        int T = ids.length;
        int[] start = new int[T], end = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) {
            start[t] = t;
            end[t] = t + 1;
            display[t] = labels == null ? "#" + ids[t] : labels[t];
        }
        return new Tokens(ids.clone(), start, end, display);
    }

    public int size() {
        return ids.length;
    }

    /** The first T tokens, for text longer than the model's context. */
    public Tokens head(int T) {
        return new Tokens(Arrays.copyOf(ids, T), Arrays.copyOf(start, T), Arrays.copyOf(end, T),
                Arrays.copyOf(display, T));
    }
}
