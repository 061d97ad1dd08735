package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What transformers' tokenizer gives for the hf-reference checkpoints (refs/NAME.json: ids, tokens, offsets in
 * code points, decoded text with special tokens skipped) is what HfTokenizer gives: the byte-level BPE of
 * llama3-gqa with its BOS template, and BERT's WordPiece both from its tokenizer.json and converted from vocab.txt.
 */
class HfReferenceTest {
    private static final String DIR = "/hf-reference/";

    static Stream<Arguments> cases() {
        Tokenizer llama = HfTokenizer.read("tokenizer.json", Resources.text(DIR + "llama3-gqa/tokenizer.json"),
                Resources.text(DIR + "llama3-gqa/tokenizer_config.json"));
        Tokenizer bert = HfTokenizer.read("tokenizer.json", Resources.text(DIR + "bert/tokenizer.json"),
                Resources.text(DIR + "bert/tokenizer_config.json"));
        Tokenizer bertFromVocab = BertTokenizerJson.tokenizer(Resources.text(DIR + "bert/vocab.txt"),
                Resources.text(DIR + "bert/tokenizer_config.json"));
        List<Arguments> out = new ArrayList<>();
        for (Object[] t : new Object[][]{{"llama3-gqa", llama}, {"bert", bert}, {"bert", bertFromVocab}}) {
            JsonObject ref = JsonParser.parseString(Resources.text(DIR + "refs/" + t[0] + ".json")).getAsJsonObject();
            for (JsonElement c : ref.getAsJsonArray("cases"))
                if (c.getAsJsonObject().has("text"))
                    out.add(Arguments.of(t[0] + (t[1] == bertFromVocab ? " (vocab.txt)" : ""), t[1], c.getAsJsonObject()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void tokenizesAsTransformers(String name, Tokenizer tok, JsonObject ref) {
        String text = ref.get("text").getAsString();
        Tokens t = tok.encode(text);
        assertArrayEquals(ints(ref.getAsJsonArray("ids")), t.ids(), "ids");
        List<String> tokens = new ArrayList<>();
        for (int id : t.ids()) tokens.add(tok.rawToken(id));
        assertEquals(strings(ref.getAsJsonArray("tokens")), tokens, "tokens");
        JsonArray offsets = ref.getAsJsonArray("offsets");
        for (int i = 0; i < t.size(); i++) {
            int[] expected = ints(offsets.get(i).getAsJsonArray());
            // Python counts code points, Tokens Java chars; the library gives special tokens no span, Python (0, 0)
            int[] actual = {text.codePointCount(0, t.start()[i]), text.codePointCount(0, t.end()[i])};
            if (t.start()[i] == t.end()[i] && expected[0] == expected[1]) continue;
            assertArrayEquals(expected, actual, "offsets of token " + i + " " + tokens.get(i));
        }
        assertEquals(ref.get("decoded").getAsString(), tok.decode(t.ids()), "decoded");
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }
}
