package org.attentionlens.analysis;

import org.attentionlens.tokenizer.Tokenizer;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A token a researcher names ("the logit of ' Paris'"): a string the tokenizer turns into exactly one token (the
 * special tokens it frames every text with, such as Llama's BOS, left out), or {@code id:N} for a vocabulary id.
 */
public final class TargetToken {
    private TargetToken() {
    }

    /** The id of the token spelled s; throws {@link IllegalArgumentException} with what to write instead. */
    public static int parse(Tokenizer tokenizer, int vocabSize, String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("give a token, e.g. \" Paris\" or id:1234");
        if (s.matches("id:\\d{1,10}")) {
            long id = Long.parseLong(s.substring(3));
            if (id >= vocabSize)
                throw new IllegalArgumentException("token " + s + " is outside the vocabulary 0…" + (vocabSize - 1));
            return (int) id;
        }
        int[] wrap = tokenizer.encode("").ids(); // BOS, [CLS] [SEP]…: framing, not the token asked for
        int[] ids = tokenizer.encode(s).ids();
        int from = 0, to = ids.length;
        if (wrap.length > 0 && to > 0 && ids[0] == wrap[0]) from++;
        if (wrap.length > 1 && to > from && ids[to - 1] == wrap[wrap.length - 1]) to--;
        int[] core = Arrays.copyOfRange(ids, from, to);
        if (core.length != 1)
            throw new IllegalArgumentException("\"" + s + "\" is " + core.length + " tokens"
                    + (core.length == 0 ? "" : " (" + Arrays.stream(core).mapToObj(id -> "\"" + tokenizer.tokenString(id) + "\"")
                    .collect(Collectors.joining(", ")) + ")") + ": give one token (mind a leading space), or its id as id:N");
        if (core[0] >= vocabSize)
            throw new IllegalArgumentException("\"" + s + "\" is token " + core[0] + ", outside the model's vocabulary of " + vocabSize);
        return core[0];
    }
}
