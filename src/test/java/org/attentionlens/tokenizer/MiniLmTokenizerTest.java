package org.attentionlens.tokenizer;

import org.attentionlens.io.MiniLm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MiniLM tokenizer (all-minilm-l6-v2-tokenizer.json, WordPiece) run by the tokenizers library. Expected ids
 * were produced by an independent Python re-implementation of Google's BERT BasicTokenizer + WordpieceTokenizer
 * (unicodedata NFD/categories, lookups straight in the json's model.vocab); the json's own truncation and padding
 * to 128 tokens are off.
 */
class MiniLmTokenizerTest {
    private static final int CLS = 101, SEP = 102, UNK = 100;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = MiniLm.tokenizer();
    }

    @Test
    void knownIdSequences() {
        assertIds("hello world", 7592, 2088);
        assertIds("The cat sat on the mat.", 1996, 4937, 2938, 2006, 1996, 13523, 1012);
        assertIds("Don't stop—it's 3:45, isn't it?!",
                2123, 1005, 1056, 2644, 1517, 2009, 1005, 1055, 1017, 1024, 3429, 1010, 3475, 1005, 1056, 2009, 1029, 999);
        assertIds("In 1969, 600 million people watched.", 1999, 3440, 1010, 5174, 2454, 2111, 3427, 1012);
        assertIds("Unbelievably, the transformers' tokenization works.",
                4895, 8671, 2666, 3567, 6321, 1010, 1996, 19081, 1005, 19204, 3989, 2573, 1012);
        assertIds("中文字 ok", 1746, 1861, UNK, 7929); // each CJK ideograph is its own word; 字 is not in the vocabulary
        assertIds("İstanbul", 9960);                    // NFD splits İ into I + dot above, the dot is stripped
        assertIds("ﬁne", 1984, 2638);                   // the ligature is its own vocabulary entry, no NFKC
    }

    @Test
    void neitherTruncatesNorPads() {
        String text = "word ".repeat(600);
        assertEquals(602, tokenizer.encode(text).size(), "all 600 words and [CLS] [SEP], not 128");
        assertEquals(3, tokenizer.encode("hi").size(), "no [PAD] up to 128");
    }

    @Test
    void longWordSplitsIntoPiecesThatSpellIt() {
        String word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        Tokens t = tokenizer.encode(word);
        assertArrayEquals(framed(1052, 2638, 2819, 17175, 11314, 6444, 2594, 7352, 26461, 27572, 11261, 6767, 15472,
                6761, 8663, 10735, 2483), t.ids());
        assertEquals("p", tokenizer.rawToken(t.ids()[1]));
        for (int i = 2; i < t.size() - 1; i++) assertTrue(tokenizer.rawToken(t.ids()[i]).startsWith("##"));
        StringBuilder spelled = new StringBuilder();
        for (int i = 1; i < t.size() - 1; i++) {
            assertEquals(i == 1 ? 0 : t.end()[i - 1], t.start()[i], "pieces tile the word");
            spelled.append(t.display()[i]);
        }
        assertEquals(word.toLowerCase(), spelled.toString());
        assertEquals(word.toLowerCase(), tokenizer.decode(t.ids()));
    }

    @Test
    void spansPointIntoTheOriginalText() {
        String text = "Don't stop—it's 3:45!";
        Tokens t = tokenizer.encode(text);
        String[] expected = {"", "Don", "'", "t", "stop", "—", "it", "'", "s", "3", ":", "45", "!", ""};
        assertEquals(expected.length, t.size());
        for (int i = 0; i < t.size(); i++) assertEquals(expected[i], text.substring(t.start()[i], t.end()[i]));
        assertEquals(0, t.start()[0]);
        assertEquals(text.length(), t.start()[t.size() - 1]);
    }

    @Test
    void accentedInputKeepsOriginalSpans() {
        String precomposed = "Café Déjà vu";
        Tokens t = tokenizer.encode(precomposed);
        assertArrayEquals(framed(7668, 2139, 3900, 24728), t.ids()); // cafe de ##ja vu
        assertArrayEquals(new String[]{"[CLS]", "cafe", "de", "ja", "vu", "[SEP]"}, t.display());
        assertSpans(precomposed, t, "", "Café", "Dé", "jà", "vu", "");

        // The same words with combining accents (NFD input): as in transformers' offset mapping, an accent that
        // normalization drops belongs to no token.
        String decomposed = "Cafe\u0301 De\u0301ja\u0300 vu";
        Tokens d = tokenizer.encode(decomposed);
        assertArrayEquals(t.ids(), d.ids());
        assertSpans(decomposed, d, "", "Cafe", "De", "ja", "vu", "");
    }

    @Test
    void emptyTextIsJustTheFrame() {
        Tokens t = tokenizer.encode("");
        assertArrayEquals(new int[]{CLS, SEP}, t.ids());
        assertArrayEquals(new int[]{0, 0}, t.start());
        assertArrayEquals(new int[]{0, 0}, t.end());
        assertEquals("", tokenizer.decode(t.ids()));
        assertArrayEquals(new int[]{CLS, SEP}, tokenizer.encode(" \t\n\u00A0\u3000").ids());
    }

    @Test
    void anyUnicodeTokenizes() {
        assertIds("👍🏽 great", UNK, 2307);                // emoji + skin tone: one unknown word
        assertIds("مرحبا بالعالم", 1295, 17149, 29820, 29816, 25573, 1271, 25573, 23673, 29830, 25573, 23673, 22192);
        assertIds("שלום עולם", 1266, 29799, 29792, 29800, 1259, 29792, 29799, 29800);
        assertIds("naïve cafee\u0301", 15743, 7668, 2063);  // combining acute on the last e
        assertIds("a\u200Db", 11113);                      // zero-width joiner (format char) is dropped
        assertIds("x\u0001y\u0000", 1060, 2100);           // control chars and NUL are dropped
        assertSpans("👍🏽 great", tokenizer.encode("👍🏽 great"), "", "👍🏽", "great", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D", "\uDC00 lone surrogates \uD800", "\u202Eevil\u202C", "e\u0301\u0301\u0301",
            "\u0301 starts with an accent", "👨‍👩‍👧‍👦 family", "\uFFFD\uFEFF\uE000", "Z̷̢a̵l̴g̸o̶", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛",
            "ﷺ ༀ ǅ ß ﬃ", "tab\tnew\nline\r\nend"})
    void oddInputGivesValidSpansAndNoException(String text) {
        Tokens t = tokenizer.encode(text);
        assertEquals(CLS, t.ids()[0]);
        assertEquals(SEP, t.ids()[t.size() - 1]);
        for (int i = 0; i < t.size(); i++) {
            assertTrue(0 <= t.start()[i] && t.start()[i] <= t.end()[i] && t.end()[i] <= text.length(),
                    "span " + t.start()[i] + ".." + t.end()[i] + " of token " + i);
            assertTrue(t.ids()[i] >= 0 && t.ids()[i] < tokenizer.vocabSize());
            if (i > 0) assertTrue(t.start()[i] >= t.start()[i - 1], "spans in text order");
        }
        tokenizer.decode(t.ids());
    }

    @Test
    void wordsLongerThan100CharsAreUnknown() {
        String hundred = "a".repeat(100), longer = "a".repeat(101);
        assertTrue(tokenizer.encode(hundred).size() > 3, "100 chars still go through WordPiece");
        Tokens t = tokenizer.encode("x " + longer);
        assertArrayEquals(framed(1060, UNK), t.ids());
        assertEquals(2, t.start()[2]);
        assertEquals(103, t.end()[2]);
    }

    @Test
    void displayAndDecode() {
        assertEquals("ing", tokenizer.displayToken(id("##ing")));
        assertEquals("##ing", tokenizer.rawToken(id("##ing")));
        assertEquals("[CLS]", tokenizer.displayToken(CLS));
        assertEquals("#", tokenizer.displayToken(id("#")));
        // The library's WordPiece decoder cleans up each token (" ," → ","), not the joined text: an apostrophe
        // stays spaced, as transformers decodes unless tokenizer_config.json asks for its own clean-up.
        assertEquals("unbelievably, the transformers ' tokenization works.",
                tokenizer.decode(tokenizer.encode("Unbelievably, the transformers' tokenization works.").ids()));
        assertEquals("don ' t stop, it ' s fine!", tokenizer.decode(tokenizer.encode("Don't stop, it's fine!").ids()));
        assertEquals("great", tokenizer.decode(tokenizer.encode("👍🏽 great").ids()), "[UNK] is special: skipped");
        assertEquals("##ing", tokenizer.tokenString(id("##ing")));
        assertEquals("[CLS]", tokenizer.tokenString(CLS));
        assertEquals(30522, tokenizer.vocabSize());
        assertTrue(tokenizer.endOfText().isEmpty());
    }

    private static int id(String entry) {
        for (int id = 0; id < tokenizer.vocabSize(); id++) if (tokenizer.rawToken(id).equals(entry)) return id;
        throw new AssertionError("no entry " + entry);
    }

    private static void assertIds(String text, int... inner) {
        assertArrayEquals(framed(inner), tokenizer.encode(text).ids(), () -> text + " → "
                + Arrays.toString(tokenizer.encode(text).ids()));
    }

    private static void assertSpans(String text, Tokens t, String... pieces) {
        assertEquals(pieces.length, t.size());
        for (int i = 0; i < t.size(); i++)
            assertEquals(pieces[i], text.substring(t.start()[i], t.end()[i]), "span of token " + i);
    }

    private static int[] framed(int... inner) {
        int[] ids = new int[inner.length + 2];
        ids[0] = CLS;
        System.arraycopy(inner, 0, ids, 1, inner.length);
        ids[ids.length - 1] = SEP;
        return ids;
    }
}
