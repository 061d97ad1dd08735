package org.attentionlens.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GPT-2's vocabulary (derived here from jtokkit's r50k ranks into vocab + merges, run by the tokenizers library as
 * GPT-2's tokenizer.json) must give exactly jtokkit's ids, which are OpenAI's; any text must round-trip; spans must
 * cover the text in order.
 */
class Gpt2VocabularyTest {
    private static Tokenizer gpt2;
    private static Encoding r50k;

    static final List<String> SENTENCES = List.of(
            "The cat sat on the mat",
            "Hello, world! It's a test: don't you think they'll've done it?",
            "  leading spaces, trailing spaces   ",
            "Numbers 1234567890 and 3.14159, dates 2026-11-23.",
            "line one\nline two\n\n\ttabbed\r\nwindows",
            "naïve café, São Paulo, Zürich, Ελληνικά, русский язык",
            "日本語のテキストと中文文本",
            "emoji 😀👍🏽 family 👨‍👩‍👧 flags 🇫🇷",
            "שלום עולם مرحبا بالعالم",
            "combining e\u0301 a\u0308 and Z\u0351\u0352\u0353",
            "code: for (int i = 0; i < n; i++) { x[i] += y[i] * 2; } // done",
            "URLs https://example.com/a?b=c&d=e#f and emails a.b@c.org",
            "     ",
            "I'M SHOUTING 'QUOTED' words's",
            "");

    @BeforeAll
    static void setUp() {
        gpt2 = Gpt2Vocabulary.tokenizer();
        r50k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    @Test
    void knownGpt2Ids() {
        assertArrayEquals(new int[]{464, 3797, 3332, 319, 262, 2603}, gpt2.encode("The cat sat on the mat").ids());
        assertEquals(50257, gpt2.vocabSize());
        assertEquals(50256, gpt2.endOfText().orElseThrow());
        assertEquals("Ġcat", gpt2.rawToken(3797));
        assertEquals("␣cat", gpt2.displayToken(3797));
        assertEquals("<|endoftext|>", gpt2.displayToken(50256));
    }

    @Test
    void sameIdsAsJtokkitOnSentences() {
        for (String s : SENTENCES)
            assertArrayEquals(r50k.encodeOrdinary(s).toArray(), gpt2.encode(s).ids(), "ids of \"" + s + "\"");
    }

    @Test
    void sameIdsAsJtokkitOnRandomText() {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int n = 0; n < 300; n++) {
            String s = randomText(rnd, 1 + rnd.nextInt(60));
            assertArrayEquals(r50k.encodeOrdinary(s).toArray(), gpt2.encode(s).ids(), "ids of \"" + s + "\"");
        }
    }

    @Test
    void roundTripAndSpansOnRandomUnicode() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 500; n++) {
            String s = randomText(rnd, 1 + rnd.nextInt(80));
            Tokens t = gpt2.encode(s);
            assertEquals(s, gpt2.decode(t.ids()), "round trip");
            checkSpans(s, t);
        }
        for (String s : SENTENCES) {
            assertEquals(s, gpt2.decode(gpt2.encode(s).ids()));
            checkSpans(s, gpt2.encode(s));
        }
    }

    /** Spans lie in the text, never go back, leave no gaps, and each token's bytes lie inside its span. */
    private static void checkSpans(String s, Tokens t) {
        int prevStart = 0, prevEnd = 0;
        for (int i = 0; i < t.size(); i++) {
            int a = t.start()[i], b = t.end()[i];
            assertTrue(0 <= a && a < b && b <= s.length(), "span " + a + ".." + b + " of \"" + s + "\"");
            assertTrue(a >= prevStart && b >= prevEnd, "spans non-decreasing in \"" + s + "\"");
            assertTrue(a <= prevEnd, "no gap before token " + i + " in \"" + s + "\"");
            String covered = s.substring(a, b);
            byte[] tokenBytes = ByteUnicode.toBytes(gpt2.rawToken(t.ids()[i]));
            byte[] spanBytes = covered.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(contains(spanBytes, tokenBytes), "token " + i + " lies in its span \"" + covered + "\"");
            prevStart = a;
            prevEnd = b;
        }
        assertEquals(s.isEmpty() ? 0 : s.length(), prevEnd, "spans reach the end of \"" + s + "\"");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void emojiSplitAcrossTokensKeepsWholeCharSpans() {
        String s = "a 🦜 b";
        Tokens t = gpt2.encode(s);
        assertEquals(s, gpt2.decode(t.ids()));
        boolean partial = false;
        for (int i = 0; i < t.size(); i++) {
            if (t.display()[i].contains("<0x")) {
                partial = true;
                assertEquals("🦜", s.substring(t.start()[i], t.end()[i]).strip(), "a partial byte token spans the whole emoji");
            }
        }
        assertTrue(partial, "🦜 is not one GPT-2 token, so some token holds part of it: " + List.of(t.display()));
    }

    @Test
    void displayShowsSpacesAndPartialBytes() {
        // 😀 is F0 9F 98 80: GPT-2 splits it, so its first token starts with a lone lead byte
        assertTrue(gpt2.displayToken(gpt2.encode("😀").ids()[0]).startsWith("<0xF0>"));
        assertEquals("↵", gpt2.displayToken(gpt2.encode("\n").ids()[0]));
        assertEquals(List.of("x", "↵↵"), List.of(gpt2.encode("x\n\n").display()));
        assertEquals("␣é", gpt2.displayToken(gpt2.encode(" é").ids()[0]));
        assertEquals("ĠÃ©", gpt2.rawToken(gpt2.encode(" é").ids()[0]));
    }

    @Test
    void specialTokenInTextBecomesItsId() {
        String s = "end<|endoftext|>start";
        Tokens t = gpt2.encode(s);
        int k = -1;
        for (int i = 0; i < t.size(); i++) if (t.ids()[i] == 50256) k = i;
        assertTrue(k > 0, "<|endoftext|> found");
        assertEquals("<|endoftext|>", s.substring(t.start()[k], t.end()[k]), "its span is where it is written");
        assertEquals("endstart", gpt2.decode(t.ids()), "decode skips special tokens");
        assertEquals("<|endoftext|>", gpt2.tokenString(50256));
    }

    /**
     * Mixed text from several scripts: ASCII words and punctuation, spaces/newlines/tabs, Latin accents,
     * Greek, Cyrillic, Hebrew and Arabic (RTL), CJK, combining marks, emoji (supplementary, with ZWJ and
     * skin-tone modifiers) and digits in other scripts.
     */
    static String randomText(SplittableRandom rnd, int length) {
        int[][] ranges = {{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {' ', ' '}, {' ', ' '}, {'!', '/'}, {'\n', '\n'},
                {'\t', '\t'}, {'\'', '\''}, {0xC0, 0xFF}, {0x391, 0x3C9}, {0x410, 0x44F}, {0x5D0, 0x5EA},
                {0x627, 0x64A}, {0x4E00, 0x4FFF}, {0x3040, 0x309F}, {0x300, 0x36F}, {0x1F600, 0x1F64F},
                {0x1F300, 0x1F5FF}, {0x200D, 0x200D}, {0x1F3FB, 0x1F3FF}, {0x660, 0x669}, {0x2000, 0x206F},
                {0xA0, 0xA0}, {0x3000, 0x3000}};
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int[] r = ranges[rnd.nextInt(ranges.length)];
            sb.appendCodePoint(r[0] + rnd.nextInt(r[1] - r[0] + 1));
        }
        return sb.toString();
    }
}
