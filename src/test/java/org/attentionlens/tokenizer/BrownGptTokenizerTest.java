package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The built-in brown-gpt was trained with the project's own BPE; through the tokenizers library (its vocab.json +
 * merges.txt converted as transformers' GPT-2 converter does) it must tokenize exactly as it did. The ids, spans
 * and display strings in brown-gpt/recorded-ids.json were recorded from the old implementation before it was retired.
 */
class BrownGptTokenizerTest {
    private static Tokenizer tok;

    @BeforeAll
    static void load() {
        Map<String, String> files = new HashMap<>();
        for (String f : List.of("vocab.json", "merges.txt", "tokenizer_config.json"))
            files.put(f, Resources.text("/models/brown-gpt/" + f));
        tok = TokenizerFolder.tokenizer(files).orElseThrow();
    }

    @Test
    void sameIdsSpansAndDisplayAsTheProjectsOwnBpe() {
        JsonObject recorded = JsonParser.parseString(Resources.text("/brown-gpt/recorded-ids.json")).getAsJsonObject();
        for (JsonElement e : recorded.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            String text = c.get("text").getAsString();
            Tokens t = tok.encode(text);
            assertArrayEquals(ints(c.getAsJsonArray("ids")), t.ids(), text);
            JsonArray spans = c.getAsJsonArray("spans"), display = c.getAsJsonArray("display");
            for (int i = 0; i < t.size(); i++) {
                assertArrayEquals(ints(spans.get(i).getAsJsonArray()), new int[]{t.start()[i], t.end()[i]},
                        "span of token " + i + " in " + text);
                assertEquals(display.get(i).getAsString(), t.display()[i], "display of token " + i + " in " + text);
            }
            // decode skips special tokens now (transformers' skip_special_tokens=True); the old one kept them
            assertEquals(c.get("decoded").getAsString().replace(Gpt2TokenizerJson.END_OF_TEXT, ""), tok.decode(t.ids()));
        }
    }

    @Test
    void vocabularyAndEndOfText() {
        assertEquals(4096, tok.vocabSize());
        assertEquals(4095, tok.endOfText().getAsInt());
        assertEquals(Gpt2TokenizerJson.END_OF_TEXT, tok.rawToken(4095));
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }
}
