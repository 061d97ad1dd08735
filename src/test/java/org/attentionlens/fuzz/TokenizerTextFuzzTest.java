package org.attentionlens.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

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

    @Property
    void anyTextThroughEveryTokenizer(@ForAll("texts") List<String> texts) throws Exception {
        for (String text : texts)
            for (Map.Entry<String, Tokenizer> e : FuzzTokenizers.all().entrySet()) {
                long t0 = System.nanoTime();
                String outcome = TimeLimit.run(() -> tokenize(e.getKey(), e.getValue(), text));
                FuzzReport.record(SUITE, e.getKey(), kind(text), outcome, System.nanoTime() - t0);
            }
    }

    @AfterContainer
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

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars(" .,'-").ofMaxLength(12),           // ASCII words
                codePoints(0x1F300, 0x1FAFF), codePoints(0x20000, 0x2A6DF), codePoints(0x1D400, 0x1D7FF), // emoji, CJK B, math
                Arbitraries.strings().withCharRange('\u0300', '\u036F').ofMaxLength(5),               // combining marks
                Arbitraries.strings().withCharRange('\u05D0', '\u05EA').withCharRange('\u0627', '\u064A')
                        .withChars('\u202E', '\u202B', '\u200F', '\u200E').ofMaxLength(8),          // right-to-left
                Arbitraries.strings().withCharRange('\u0000', '\u001F').withChars('\u007F', '\u0085', '\u2028')
                        .ofMaxLength(3),                                                            // controls, NUL
                Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMaxLength(2),               // unpaired surrogates
                Arbitraries.strings().withChars(' ', '\t', '\n', '\u3000', '\u00A0', '\u200D').ofMaxLength(6),
                Arbitraries.strings().withCharRange('\u4E00', '\u9FFF').withCharRange('\u00C0', '\u024F').ofMaxLength(6));
        Arbitrary<String> mixed = pieces.list().ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(12, mixed), Tuple.of(4, Arbitraries.strings().all().ofMaxLength(300)),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1000).ofMaxLength(3000)));
        return text.list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<String> codePoints(int from, int to) {
        return Arbitraries.integers().between(from, to).map(Character::toChars).map(String::new);
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
