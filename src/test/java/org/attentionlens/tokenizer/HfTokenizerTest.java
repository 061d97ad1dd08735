package org.attentionlens.tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The glue around the tokenizers library: spans in Java chars (supplementary-plane text included), special tokens
 * with empty spans, ids past the vocabulary, long input, how SentencePiece and Unigram entries read, the
 * end-of-text choice, and one-line messages for files the library cannot read.
 */
class HfTokenizerTest {
    private static final String LLAMA3 = "/hf-reference/llama3-gqa/tokenizer.json";
    private static Tokenizer llama3;

    @BeforeAll
    static void load() {
        llama3 = HfTokenizer.of(Resources.text(LLAMA3));
    }

    @Test
    void supplementaryPlaneTextHasCharSpansAndRoundTrips() {
        // U+2D800 is D875 DC00 in UTF-16; cast to a char its low bits look like a surrogate (the old Utf8 broke it)
        String text = "a\uD875\uDC00b 😀 ok \uD875\uDC00";
        Tokens t = llama3.encode(text);
        assertEquals(text, llama3.decode(t.ids()));
        StringBuilder covered = new StringBuilder();
        for (int i = 1; i < t.size(); i++) { // 0 is the BOS
            String s = text.substring(t.start()[i], t.end()[i]);
            assertFalse(Character.isLowSurrogate(s.charAt(0)) || Character.isHighSurrogate(s.charAt(s.length() - 1)),
                    "token " + i + " spans whole chars: " + s);
            if (t.start()[i] >= covered.length()) covered.append(s); // byte tokens of one char share its span
        }
        assertEquals(text, covered.toString());
        assertEquals("\uD875\uDC00", text.substring(t.start()[t.size() - 1], t.end()[t.size() - 1]));
    }

    @Test
    void specialTokensGetEmptySpans() {
        Tokens t = llama3.encode("The cat");
        assertEquals(1, t.ids()[0]);
        assertEquals(0, t.start()[0]);
        assertEquals(0, t.end()[0]);
        assertEquals("<|begin_of_text|>", t.display()[0]);
        Tokenizer bert = HfTokenizer.of(Resources.text("/hf-reference/bert/tokenizer.json"));
        Tokens b = bert.encode("the cat ");
        int last = b.size() - 1;
        assertEquals(List.of(7, 7), List.of(b.start()[last], b.end()[last]), "[SEP] sits after the last token");
    }

    @Test
    void aHundredThousandLetterWordTokenizes() {
        String word = "abcdefghij".repeat(10_000);
        Tokens t = llama3.encode(word);
        assertEquals(word, llama3.decode(t.ids()));
        assertEquals(word.length(), t.end()[t.size() - 1]);
        assertTrue(llama3.encode("word ".repeat(1000)).size() > 1000, "no truncation at 512");
    }

    @Test
    void idsPastTheVocabularyReadAsIds() {
        assertEquals(501, llama3.vocabSize(), "the tokenizer's own size; the model's embedding has 512 rows");
        for (int id : new int[]{501, 50300, -1}) {
            assertEquals("<id " + id + ">", llama3.displayToken(id));
            assertEquals("<id " + id + ">", llama3.rawToken(id));
            assertEquals("<id " + id + ">", llama3.tokenString(id));
        }
        int[] ids = llama3.encode("The cat sat").ids(); // BOS The Ġcat Ġsat
        assertEquals("The<id 600> cat sat<id 601>", llama3.decode(new int[]{ids[1], 600, ids[2], ids[3], 601}));
        assertEquals("<id 600>", llama3.decode(new int[]{600}));
    }

    @Test
    void byteLevelEntriesRead() {
        int cat = llama3.encode(" cat").ids()[1];
        assertEquals("Ġcat", llama3.rawToken(cat));
        assertEquals("␣cat", llama3.displayToken(cat));
        assertEquals(" cat", llama3.tokenString(cat));
        assertEquals("<|endoftext|>", llama3.tokenString(0));
    }

    @Test
    void sentencePieceBpeWithByteFallback() {
        Tokenizer sp = HfTokenizer.of(Resources.text("/tokenizers/sentencepiece-bpe.json"));
        String text = "the cat\n😀";
        Tokens t = sp.encode(text);
        assertEquals(List.of("<s>", "▁the", "▁cat", "<0x0A>", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>"), raw(sp, t));
        assertEquals(List.of("<s>", "␣the", "␣cat", "↵", "<0xF0>", "<0x9F>", "<0x98>", "<0x80>"), List.of(t.display()));
        assertEquals(List.of("", "the", " cat", "\n", "😀", "😀", "😀", "😀"), covered(text, t));
        assertEquals(" cat", sp.tokenString(t.ids()[2]));
        assertEquals("\n", sp.tokenString(t.ids()[3]));
        assertEquals(text, sp.decode(t.ids()));
        assertEquals(2, sp.endOfText().getAsInt(), "</s>");
    }

    @Test
    void unigramWithMetaspace() {
        Tokenizer uni = HfTokenizer.of(Resources.text("/tokenizers/unigram.json"));
        Tokens t = uni.encode("the cats");
        assertEquals(List.of("▁the", "▁cat", "s"), raw(uni, t));
        assertEquals(List.of("␣the", "␣cat", "s"), List.of(t.display()));
        assertEquals("the cats", uni.decode(t.ids()));
        assertEquals(10, uni.vocabSize());
        assertTrue(uni.endOfText().isEmpty());
    }

    @Test
    void endOfTextFromTheConfigElseKnownNames() {
        String json = Resources.text(LLAMA3);
        assertEquals(0, llama3.endOfText().getAsInt(), "<|endoftext|>");
        assertEquals(1, HfTokenizer.read("tokenizer.json", json, "{\"eos_token\": \"<|begin_of_text|>\"}").endOfText().getAsInt());
        assertEquals(1, HfTokenizer.read("tokenizer.json", json,
                "{\"eos_token\": {\"__type\": \"AddedToken\", \"content\": \"<|begin_of_text|>\"}}").endOfText().getAsInt());
        assertEquals(0, HfTokenizer.read("tokenizer.json", json, "{\"eos_token\": \"<|not here|>\"}").endOfText().getAsInt());
        assertTrue(HfTokenizer.of(Resources.text("/hf-reference/bert/tokenizer.json")).endOfText().isEmpty());
    }

    @Test
    void malformedFilesGiveOneClearLine() {
        String json = Resources.text(LLAMA3);
        assertProblem(() -> HfTokenizer.of(json.substring(0, json.length() / 2)), "tokenizer.json is cut short");
        assertProblem(() -> HfTokenizer.of(""), "tokenizer.json is empty");
        assertProblem(() -> HfTokenizer.of("{\"model\": {"), "tokenizer.json is cut short");
        assertProblem(() -> HfTokenizer.of("{\"model\": 1 2}"), "tokenizer.json is not valid JSON (line 1, column");
        assertProblem(() -> HfTokenizer.of("[1, 2]"), "tokenizer.json is not a JSON object");
        assertProblem(() -> HfTokenizer.of("{}"), "tokenizer.json: \"model\" is missing or not an object");
        assertProblem(() -> HfTokenizer.of("{\"model\": {\"type\": \"BPE\", \"vocab\": [], \"merges\": []}}"),
                "tokenizer.json: model.vocab must be a map of entry to id for a BPE model");
        assertProblem(() -> HfTokenizer.of(json.replaceFirst("\"id\": 0", "\"id\": \"zero\"")),
                "tokenizer.json: added_tokens[0].id has the id \"zero\", not a whole number");
        assertProblem(() -> HfTokenizer.of(json.replace("\"type\": \"BPE\"", "\"type\": \"Foo\"")),
                "tokenizer.json: model.type is \"Foo\"; the library knows BPE, WordPiece, WordLevel and Unigram");
        // checks the library makes, said again in plain words
        String preTokenizer = "\"type\": \"ByteLevel\",\n    \"add_prefix_space\": false,\n    \"trim_offsets\": true,";
        assertTrue(json.contains(preTokenizer));
        assertProblem(() -> HfTokenizer.of(json.replace(preTokenizer, "\"type\": \"ByteLevel\", \"add_prefix_space\": false,")),
                "tokenizer.json is not a tokenizer the Hugging Face tokenizers library can read: a section lacks its field \"trim_offsets\" (line ");
        assertProblem(() -> HfTokenizer.of(json.replace(preTokenizer, "\"type\": \"Foo\",")),
                "tokenizer.json is not a tokenizer the Hugging Face tokenizers library can read: ");
        assertProblem(() -> HfTokenizer.read("tokenizer.json", json, "{\"eos_token\": "), "tokenizer_config.json is cut short");
        assertProblem(() -> HfTokenizer.read("tokenizer.json", json, "{\"eos_token\": [1]}"),
                "tokenizer_config.json: \"eos_token\" must be a token: a string or an object with a string \"content\", is [1]");
    }

    @Test
    void idsThatCollideOrDisagreeWithTheLibraryAreRefused() {
        String json = Resources.text(LLAMA3);
        String vocab = "\"vocab\": {";
        assertTrue(json.contains(vocab));
        // two entries of model.vocab with one id: which one the library decodes is left to its hash order
        assertProblem(() -> HfTokenizer.of(json.replace(vocab, vocab + "\"zz-twin\": 5, ")),
                "tokenizer.json: model.vocab gives the id 5 to both \"");
        // an added token whose id is another entry's, or far past the vocabulary: the library gives it the next id
        String firstAdded = "\"id\": 0,";
        assertTrue(json.contains(firstAdded), "the fixture's first added token has id 0");
        assertProblem(() -> HfTokenizer.of(json.replaceFirst(firstAdded, "\"id\": 7,")),
                "tokenizer.json: added_tokens[0] \"");
        assertProblem(() -> HfTokenizer.of(json.replaceFirst(firstAdded, "\"id\": 200000000,")),
                "tokenizer.json: added_tokens[0] \"");
        assertProblem(() -> HfTokenizer.of(json.replaceFirst(firstAdded, "\"id\": -1,")),
                "tokenizer.json: added_tokens[0].id has the id -1, not a whole number from 0 to 2147483646");
    }

    @Test
    void theLargestIdLeavesRoomToCountTheIds() {
        // found by the fuzz: an id of 2^31 - 1 made the vocabulary size (largest id + 1) negative
        String json = Resources.text(LLAMA3);
        String vocab = "\"vocab\": {";
        assertProblem(() -> HfTokenizer.of(json.replace(vocab, vocab + "\"zz-far\": 2147483647, ")),
                "tokenizer.json: model.vocab entry \"zz-far\" has the id 2147483647, not a whole number from 0 to 2147483646");
    }

    @Test
    void namesTheLibraryQuotesAreShortAndPrintable() {
        // found by the fuzz: the library's message quoted a 5,000-character type name, or a token with a NUL, whole
        String json = Resources.text(LLAMA3);
        String preTokenizer = "\"type\": \"ByteLevel\",\n    \"add_prefix_space\": false,\n    \"trim_offsets\": true,";
        String longName = "x".repeat(5000);
        String m = assertThrows(IllegalArgumentException.class,
                () -> HfTokenizer.of(json.replace(preTokenizer, "\"type\": \"" + longName + "\","))).getMessage();
        assertTrue(m.length() < 400, m);
        String firstMerge = "\\[\\s*\"\u0120\",\\s*\"t\"\\s*\\]"; // ["Ġ", "t"]
        assertTrue(java.util.regex.Pattern.compile(firstMerge).matcher(json).find());
        m = assertThrows(IllegalArgumentException.class,
                () -> HfTokenizer.of(json.replaceFirst(firstMerge, "[\"a\\\\u0000b\", \"t\"]"))).getMessage();
        assertTrue(m.contains("not in the vocabulary"), m);
        assertTrue(m.chars().noneMatch(Character::isISOControl), "no raw control characters: " + m);
    }

    @Test
    void spansPastTheTextFromOddSettingsStayWithinIt() {
        // found by the long fuzz: with an end_of_word_suffix the library gives a SentencePiece BPE spans past the text
        String json = Resources.text("/tokenizers/sentencepiece-bpe.json");
        assertTrue(json.contains("\"end_of_word_suffix\": null"));
        HfTokenizer odd = HfTokenizer.of(json.replace("\"end_of_word_suffix\": null", "\"end_of_word_suffix\": \"<unk>\""));
        String text = "The cat sat on the mat. Na\u00efve caf\u00e9, \u65e5\u672c\u8a9e \ud83d\ude00 \u0000 \u202e";
        Tokens t = odd.encode(text);
        for (int i = 0; i < t.size(); i++) {
            assertTrue(0 <= t.start()[i] && t.start()[i] <= t.end()[i] && t.end()[i] <= text.length(), "token " + i);
            if (i > 0) assertTrue(t.start()[i] >= t.start()[i - 1] && t.end()[i] >= t.end()[i - 1], "token " + i + " in order");
        }
    }

    @Test
    void aStrayHugeIdAllocatesNothingLikeItsSize() {
        String json = Resources.text(LLAMA3);
        String vocab = "\"vocab\": {";
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        HfTokenizer t = HfTokenizer.of(json.replace(vocab, vocab + "\"zz-far\": 2000000000, "));
        long used = rt.totalMemory() - rt.freeMemory() - before;
        assertEquals(2_000_000_001, t.vocabSize(), "largest id + 1");
        assertTrue(used < 200L << 20, "an array per id would take gigabytes; used " + (used >> 20) + " MB");
        assertEquals("zz-far", t.rawToken(2_000_000_000));
    }

    /** An IllegalArgumentException whose message starts so, is one line, and quotes no library, class or link. */
    static void assertProblem(Supplier<?> load, String start) {
        String m = assertThrows(IllegalArgumentException.class, load::get).getMessage();
        assertTrue(m.startsWith(start), m);
        for (String raw : List.of("\n", "Exception", "http", "`", "serde", "untagged", "expected"))
            assertFalse(m.contains(raw), "'" + raw + "' in: " + m);
    }

    private static List<String> raw(Tokenizer tok, Tokens t) {
        return java.util.Arrays.stream(t.ids()).mapToObj(tok::rawToken).toList();
    }

    private static List<String> covered(String text, Tokens t) {
        return java.util.stream.IntStream.range(0, t.size()).mapToObj(i -> text.substring(t.start()[i], t.end()[i])).toList();
    }
}
