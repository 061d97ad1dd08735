package org.attentionlens.train;

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
        assertEquals(BpeVocabulary.END_OF_TEXT, bpe.token(299));
        assertEquals("Ġthe", bpe.token(bpe.encode(" the")[0]), "a frequent word becomes one token, space-led like GPT-2's");
        int bytes = TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bpe.encode(TEXT).length < 0.7 * bytes, "merges shorten the text: " + bpe.encode(TEXT).length + " of " + bytes);
        for (String s : List.of(TEXT, "unseen wörds, 中文, emoji 🐈 and\ttabs\r\n", "", " "))
            assertEquals(s, bpe.decode(bpe.encode(s)), "round trip of " + s);
    }

    @Test
    void vocabularyFilesReadBackToTheSameEncoder(@TempDir Path dir) throws Exception {
        BpeVocabulary bpe = BpeTrainer.train(List.of(TEXT), 280);
        bpe.write(dir);
        List<String> merges = Files.readAllLines(dir.resolve("merges.txt"));
        assertEquals("#version: 0.2", merges.get(0));
        assertTrue(merges.size() - 1 >= bpe.size() - 257, "a merge line for every merged token");
        assertTrue(Files.readString(dir.resolve("vocab.json")).contains("\"<|endoftext|>\":" + (bpe.size() - 1)));
        BpeVocabulary back = BpeVocabulary.read(dir);
        assertArrayEquals(bpe.encode(TEXT), back.encode(TEXT));
    }

    @Test
    void stopsEarlyWhenNoPairRepeats() {
        BpeVocabulary bpe = BpeTrainer.train(List.of("abc"), 1000);
        assertTrue(bpe.size() < 1000);
        assertEquals("abc", bpe.decode(bpe.encode("abc")));
    }
}
