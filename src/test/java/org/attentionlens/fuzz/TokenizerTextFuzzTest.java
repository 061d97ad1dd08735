package org.attentionlens.fuzz;

import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/**
 * Random Unicode through every tokenizer: supplementary planes, unpaired surrogates, combining marks, right-to-left
 * text and overrides, NUL and other controls, odd whitespace. No exception (a tokenizer for token ids only may
 * refuse other text, in words), spans in order and within the text, and decode(encode(s)) == s for the byte-level
 * tokenizers on valid text. 100,000-character texts: {@link LongTextTest}.
 */
class TokenizerTextFuzzTest {
    static final String SUITE = "text through every tokenizer";

    @Test
    void anyTextThroughEveryTokenizer() {
        FuzzInputs.run(SUITE, 5, rnd -> {
            for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
                String text = TextMaker.text(rnd);
                for (Map.Entry<String, Tokenizer> e : FuzzTokenizers.all().entrySet()) {
                    long t0 = System.nanoTime();
                    String outcome = TimeLimit.run(() -> tokenize(e.getKey(), e.getValue(), text));
                    FuzzReport.record(SUITE, e.getKey(), kind(text), outcome, System.nanoTime() - t0);
                }
            }
        });
    }

    @AfterAll
    static void report() {
        FuzzReport.print(SUITE);
    }

    private static String tokenize(String name, Tokenizer tok, String text) {
        Tokens t;
        try {
            t = tok.encode(text);
        } catch (IllegalArgumentException refused) {
            if (!(tok instanceof IdsOnlyTokenizer)) throw refused;
            String problem = Messages.problem(refused.getMessage(), refused, List.of("token"));
            if (problem != null) throw new AssertionError(problem + ": " + refused.getMessage());
            return "refused";
        }
        FuzzTokenizers.checkSpans(name, text, t, tok.vocabSize());
        String back = tok.decode(t.ids());
        if (FuzzTokenizers.BYTE_LEVEL.contains(name) && valid(text) && !back.equals(text))
            throw new AssertionError(name + ": decode(encode(s)) != s for " + escape(text) + ": " + escape(back));
        return "ok";
    }

    /** No unpaired surrogate: the text is valid Unicode, so a byte-level tokenizer must give it back exactly. */
    static boolean valid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) return false;
        }
        return true;
    }

    private static String kind(String text) {
        return text.length() >= 1000 ? "long text" : valid(text) ? "text" : "unpaired surrogates";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > 80 ? s.substring(0, 80) + "…" : s).toCharArray())
            b.append(c < 0x20 || c >= 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.toString();
    }
}
