package org.attentionlens.train;

import org.attentionlens.tokenizer.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BpeTrainerTest {
    private static final String TEXT = "The cat sat on the mat. The cat ate the rat. Then the cat sat again, and the "
            + "rat ran away! It's 1961 and they're here: 42 cats, naïve café owners.\n\nNew paragraph   with  spaces.";

    @Test
    void learnsMergesAndRoundTripsAnyText() {
        BpeVocabulary bpe = BpeTrainer.train(List.of(TEXT, TEXT.toUpperCase()), 300);
        assertEquals(300, bpe.size());
        Tokenizer tok = bpe.tokenizer();
        assertEquals(299, tok.endOfText().getAsInt());
        assertEquals(BpeVocabulary.END_OF_TEXT, tok.rawToken(299));
        int[] the = tok.encode(" the").ids();
        assertEquals(1, the.length, "a frequent word becomes one token");
        assertEquals("Ġthe", tok.rawToken(the[0]), "space-led like GPT-2's");
        int bytes = TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int tokens = tok.encode(TEXT).size();
        assertTrue(tokens < 0.7 * bytes, "merges shorten the text: " + tokens + " tokens for " + bytes + " bytes");
        for (String s : List.of(TEXT, "unseen wörds, 中文, emoji 🐈 and\ttabs\r\n", " ", "\uD875\uDC00 U+2D800"))
            assertEquals(s, tok.decode(tok.encode(s).ids()), "round trip of " + s);
        int[] special = tok.encode("a<|endoftext|>b").ids();
        assertEquals(3, special.length, "the end-of-text written in a text is the one token");
        assertEquals(299, special[1]);
        assertEquals("ab", tok.decode(special), "decode skips special tokens, as transformers' skip_special_tokens");
    }

    @Test
    void vocabularyFilesReadBackToTheSameEncoder(@TempDir Path dir) throws Exception {
        BpeVocabulary bpe = BpeTrainer.train(List.of(TEXT), 280);
        bpe.write(dir);
        List<String> merges = Files.readAllLines(dir.resolve("merges.txt"));
        assertEquals("#version: 0.2", merges.get(0));
        assertTrue(merges.size() - 1 >= bpe.size() - 257, "a merge line for every merged token");
        assertTrue(Files.readString(dir.resolve("vocab.json")).contains("\"<|endoftext|>\":" + (bpe.size() - 1)));
        assertArrayEquals(bpe.tokenizer().encode(TEXT).ids(), BpeVocabulary.read(dir).encode(TEXT).ids());
    }

    @Test
    void stopsEarlyWhenNoPairRepeats() {
        BpeVocabulary bpe = BpeTrainer.train(List.of("abc"), 1000);
        assertTrue(bpe.size() < 1000);
        assertEquals("abc", bpe.tokenizer().decode(bpe.tokenizer().encode("abc").ids()));
    }
}
