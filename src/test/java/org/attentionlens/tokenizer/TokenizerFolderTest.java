package org.attentionlens.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.attentionlens.tokenizer.HfTokenizerTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which files make a folder's tokenizer, the conversions of older files, and folders without a tokenizer. */
class TokenizerFolderTest {
    private static final String BERT = "/hf-reference/bert/", BROWN = "/models/brown-gpt/";
    private static final String TEXT = "The jury said it did find that many of Georgia's laws are outmoded.";

    private static Map<String, String> files(String dir, String... names) {
        Map<String, String> files = new HashMap<>();
        for (String n : names) files.put(n, Resources.text(dir + n));
        return files;
    }

    @Test
    void tokenizerJsonComesFirstThenVocabAndMergesThenVocabTxt() {
        Tokenizer json = TokenizerFolder.tokenizer(files(BERT, "tokenizer.json", "vocab.txt")).orElseThrow();
        Tokenizer txt = TokenizerFolder.tokenizer(files(BERT, "vocab.txt", "tokenizer_config.json")).orElseThrow();
        assertArrayEquals(json.encode(TEXT).ids(), txt.encode(TEXT).ids());
        assertEquals(json.vocabSize(), txt.vocabSize());
        Tokenizer gpt = TokenizerFolder.tokenizer(files(BROWN, "vocab.json", "merges.txt")).orElseThrow();
        assertEquals(TEXT, String.join("", gpt.encode(TEXT).display()).replace('␣', ' '), "GPT-2's byte alphabet read");
        assertTrue(TokenizerFolder.tokenizer(files(BROWN, "tokenizer_config.json")).isEmpty());
        assertEquals(Optional.of("vocab.json without merges.txt"), TokenizerFolder.incomplete(files(BROWN, "vocab.json")));
        assertEquals(Optional.empty(), TokenizerFolder.incomplete(files(BROWN, "vocab.json", "merges.txt")));
    }

    @Test
    void bertSettingsComeFromTheConfig() {
        String vocab = Resources.text(BERT + "vocab.txt");
        Tokenizer uncased = BertTokenizerJson.tokenizer(vocab, null);
        Tokenizer cased = BertTokenizerJson.tokenizer(vocab, "{\"do_lower_case\": false}");
        assertEquals("the", uncased.rawToken(uncased.encode("The").ids()[1]));
        assertNotEquals(uncased.encode("The").ids()[1], cased.encode("The").ids()[1], "cased: The is not the");
        assertEquals(java.util.List.of("[CLS]", "the", "[SEP]"), java.util.List.of(uncased.encode("the").display()));
        assertProblem(() -> BertTokenizerJson.tokenizer("[PAD]\n[UNK]\nthe\n", null),
                "vocab.txt has no [CLS] entry; a BERT vocabulary needs [UNK], [CLS] and [SEP]");
    }

    @Test
    void gpt2PrefixSpaceFromTheConfig() {
        String vocab = Resources.text(BROWN + "vocab.json"), merges = Resources.text(BROWN + "merges.txt");
        Tokenizer plain = Gpt2TokenizerJson.tokenizer(vocab, merges, null);
        Tokenizer prefixed = Gpt2TokenizerJson.tokenizer(vocab, merges, "{\"add_prefix_space\": true}");
        assertArrayEquals(plain.encode(" jury").ids(), prefixed.encode("jury").ids());
        assertNotEquals(plain.encode("jury").ids()[0], prefixed.encode("jury").ids()[0]);
    }

    @Test
    void brokenGpt2FilesAreNamed() {
        String vocab = Resources.text(BROWN + "vocab.json");
        assertProblem(() -> Gpt2TokenizerJson.tokenizer(vocab, "#version: 0.2\nĠ t\nzz qq\n", null),
                "vocab.json/merges.txt: merge 2 'zz qq' uses or makes a token that is not in the vocabulary");
        assertProblem(() -> Gpt2TokenizerJson.tokenizer(vocab, "#version: 0.2\nĠ t h\n", null),
                "merges.txt line 2 is not two tokens separated by a space: 'Ġ t h'");
        assertProblem(() -> Gpt2TokenizerJson.tokenizer("{\"a\": \"x\"}", "", null),
                "vocab.json: entry 'a' has the id \"x\", not a whole number from 0");
        assertProblem(() -> Gpt2TokenizerJson.tokenizer("{\"a\": 0", "", null), "vocab.json is cut short");
    }

    @Test
    void withoutTokenizerOnlyIdsRun() {
        Tokenizer ids = new IdsOnlyTokenizer(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ids.encode("hello"));
        assertEquals("this model folder has no tokenizer (tokenizer.json, vocab.json + merges.txt, or vocab.txt): "
                + "give token ids, e.g. --ids 1,2,3", e.getMessage());
        assertEquals(0, ids.encode("").size());
        Tokens typed = ids.encode(" 12, 7  99");
        assertArrayEquals(new int[]{12, 7, 99}, typed.ids());
        assertArrayEquals(new int[]{1, 5, 8}, typed.start());
        assertArrayEquals(new int[]{3, 6, 10}, typed.end());
        assertEquals("<id 12>", typed.display()[0]);
        assertEquals("token id 100 is past this model's vocabulary of 100 ids (0 to 99)",
                assertThrows(IllegalArgumentException.class, () -> ids.encode("1 100")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ids.encode("12 x"));
        assertEquals("<id 7>", ids.displayToken(7));
        assertEquals("<id 7>", ids.rawToken(7));
        assertEquals("<id 7>", ids.tokenString(7));
        assertEquals("<id 1><id 2>", ids.decode(new int[]{1, 2}));
        assertEquals(100, ids.vocabSize());
        assertTrue(ids.endOfText().isEmpty());
    }
}
