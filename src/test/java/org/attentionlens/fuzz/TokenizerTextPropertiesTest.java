package org.attentionlens.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The text properties of every tokenizer the app runs, as jqwik properties: a failure is shrunk to the shortest text
 * that still breaks it. Texts are sequences of pieces from the scripts and code points that break tokenizers
 * (supplementary planes, unpaired surrogates, combining marks, right-to-left text and overrides, NUL and controls,
 * odd whitespace). {@link TokenizerTextFuzzTest} runs thousands more texts as seeded fuzzing.
 */
class TokenizerTextPropertiesTest {

    @Property(tries = 150)
    void spansStayInOrderAndWithinTheText(@ForAll("texts") String text) {
        for (Map.Entry<String, Tokenizer> e : FuzzTokenizers.all().entrySet()) {
            Tokens t;
            try {
                t = e.getValue().encode(text);
            } catch (IllegalArgumentException refused) {
                if (e.getValue() instanceof IdsOnlyTokenizer) continue; // a tokenizer for ids may refuse words, in words
                throw refused;
            }
            FuzzTokenizers.checkSpans(e.getKey(), text, t, e.getValue().vocabSize());
        }
    }

    @Property(tries = 150)
    void byteLevelTokenizersGiveValidTextBack(@ForAll("validTexts") String text) {
        for (String name : FuzzTokenizers.BYTE_LEVEL) {
            Tokenizer tok = FuzzTokenizers.all().get(name);
            assertEquals(text, tok.decode(tok.encode(text).ids()), name + ": decode(encode(s)) != s");
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return pieces(true);
    }

    @Provide
    Arbitrary<String> validTexts() {
        return pieces(false);
    }

    /** Up to 40 pieces, each a run of one kind of character; with or without unpaired surrogates. */
    private static Arbitrary<String> pieces(boolean surrogates) {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12);
        Arbitrary<String> controls = Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(3);
        Arbitrary<String> space = Arbitraries.of(" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\u3000", "\u200b", "\ufeff");
        Arbitrary<String> latin = Arbitraries.strings().withCharRange('\u00c0', '\u024f').ofMaxLength(6);
        Arbitrary<String> combining = Arbitraries.strings().withCharRange('\u0300', '\u036f').ofMinLength(1).ofMaxLength(4)
                .map(marks -> "e" + marks);
        Arbitrary<String> rtl = Arbitraries.strings().withCharRange('\u05d0', '\u05ea').withCharRange('\u0627', '\u064a')
                .ofMaxLength(6).map(s -> s + "\u202e" + "abc" + "\u202c");
        Arbitrary<String> cjk = Arbitraries.strings().withCharRange('\u4e00', '\u4fff').ofMaxLength(6);
        Arbitrary<String> supplementary = Arbitraries.integers().between(0x10000, 0x10ffff).list().ofMaxSize(4)
                .map(cps -> cps.stream().map(Character::toString).collect(Collectors.joining()));
        Arbitrary<String> piece = surrogates
                ? Arbitraries.oneOf(ascii, controls, space, latin, combining, rtl, cjk, supplementary,
                Arbitraries.strings().withCharRange('\ud800', '\udfff').ofMinLength(1).ofMaxLength(2))
                : Arbitraries.oneOf(ascii, controls, space, latin, combining, rtl, cjk, supplementary);
        return piece.list().ofMaxSize(40).map(list -> String.join("", list));
    }
}
