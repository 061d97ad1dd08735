package org.attentionlens.fuzz;

import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000-character texts through every tokenizer: one word of 100,000 letters (which once took 18 s in a
 * quadratic merge loop) and 100,000 characters of random Unicode. Each must tokenize within a few seconds, with
 * spans in order and within the text, and byte-level tokenizers must give valid text back exactly.
 */
class LongTextTest {
    /** Near-linear tokenizing does this in well under a second; the limit leaves room for a busy machine. */
    private static final long LIMIT_MS = 8_000;

    @Test
    void aHundredThousandLetterWord() throws Exception {
        Random rnd = new Random(15);
        StringBuilder word = new StringBuilder();
        while (word.length() < 100_000) word.append((char) ('a' + rnd.nextInt(26)));
        throughEveryTokenizer(word.toString());
    }

    @Test
    void aHundredThousandCharactersOfRandomUnicode() throws Exception {
        Random rnd = new Random(16);
        StringBuilder text = new StringBuilder();
        while (text.length() < 100_000) text.append(TextMaker.text(rnd));
        throughEveryTokenizer(text.substring(0, 100_000));
    }

    private static void throughEveryTokenizer(String text) throws Exception {
        List<String> slow = new ArrayList<>();
        for (Map.Entry<String, Tokenizer> e : FuzzTokenizers.all().entrySet()) {
            if (e.getValue() instanceof IdsOnlyTokenizer) continue; // reads digits only: refuses letters at once
            long t0 = System.nanoTime();
            Tokens t = TimeLimit.run(() -> e.getValue().encode(text));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > LIMIT_MS) slow.add(e.getKey() + " " + ms + " ms");
            FuzzTokenizers.checkSpans(e.getKey(), text, t, e.getValue().vocabSize());
            if (FuzzTokenizers.BYTE_LEVEL.contains(e.getKey()) && TokenizerTextFuzzTest.valid(text))
                assertTrue(e.getValue().decode(t.ids()).equals(text), e.getKey() + ": decode(encode(s)) != s");
        }
        assertTrue(slow.isEmpty(), "tokenizing 100,000 characters took longer than " + LIMIT_MS + " ms: " + slow);
    }
}
