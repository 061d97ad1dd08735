package org.attentionlens.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.attentionlens.errors.JsonMessages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokenizer.json that transformers' BERT converter (convert_slow_tokenizer.BertConverter) makes from a
 * vocab.txt and the BertTokenizer settings in tokenizer_config.json: BertNormalizer (lowercase and accent
 * stripping per do_lower_case / strip_accents, CJK ideographs split per tokenize_chinese_chars), BertPreTokenizer,
 * WordPiece with "##" continuations and [UNK], the template [CLS] $A [SEP], and the WordPiece decoder.
 * Settings absent from the config take BertTokenizer's defaults (lowercase, split CJK, the usual [..] tokens).
 */
public final class BertTokenizerJson {
    private BertTokenizerJson() {
    }

    /** The tokenizer of a folder's vocab.txt (one entry per line, id = line number − 1) and optional config (or null). */
    public static HfTokenizer tokenizer(String vocabTxt, String configJson) {
        return HfTokenizer.read("vocab.txt", of(vocabTxt, configJson), configJson);
    }

    /** The tokenizer.json text. */
    static String of(String vocabTxt, String configJson) {
        JsonObject config = configJson == null ? new JsonObject()
                : FileProblems.parseObject(configJson, "tokenizer_config.json");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        String[] lines = vocabTxt.split("\n", -1);
        int n = vocabTxt.endsWith("\n") ? lines.length - 1 : lines.length; // a final newline ends the last entry
        for (int i = 0; i < n; i++) vocab.put(lines[i], i); // a repeated entry keeps its last id, as in transformers
        String unk = JsonFields.token(config, "unk_token", "[UNK]"), cls = JsonFields.token(config, "cls_token", "[CLS]"),
                sep = JsonFields.token(config, "sep_token", "[SEP]");
        for (String needed : new String[]{unk, cls, sep})
            if (!vocab.containsKey(needed))
                throw new IllegalArgumentException("vocab.txt has no " + JsonMessages.excerpt(needed) + " entry; a BERT "
                        + "vocabulary needs " + JsonMessages.excerpt(unk) + ", " + JsonMessages.excerpt(cls) + " and "
                        + JsonMessages.excerpt(sep));

        JsonArray added = new JsonArray();
        for (String s : new String[]{JsonFields.token(config, "pad_token", "[PAD]"), unk, cls, sep, JsonFields.token(config, "mask_token", "[MASK]")})
            if (vocab.containsKey(s)) added.add(Gpt2TokenizerJson.addedToken(vocab.get(s), s));

        boolean lowercase = JsonFields.bool(config, "do_lower_case", true, JsonFields.CONFIG);
        JsonObject normalizer = new JsonObject();
        normalizer.addProperty("type", "BertNormalizer");
        normalizer.addProperty("clean_text", true);
        normalizer.addProperty("handle_chinese_chars", JsonFields.bool(config, "tokenize_chinese_chars", true, JsonFields.CONFIG));
        boolean stripGiven = config.has("strip_accents") && !config.get("strip_accents").isJsonNull(); // else: strip when lowercasing
        normalizer.add("strip_accents", stripGiven
                ? new JsonPrimitive(JsonFields.bool(config, "strip_accents", true, JsonFields.CONFIG)) : JsonNull.INSTANCE);
        normalizer.addProperty("lowercase", lowercase);

        JsonObject preTokenizer = new JsonObject();
        preTokenizer.addProperty("type", "BertPreTokenizer");

        JsonObject vocabJson = new JsonObject();
        vocab.forEach(vocabJson::addProperty);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordPiece");
        model.addProperty("unk_token", unk);
        model.addProperty("continuing_subword_prefix", "##");
        model.addProperty("max_input_chars_per_word", 100);
        model.add("vocab", vocabJson);

        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "WordPiece");
        decoder.addProperty("prefix", "##");
        decoder.addProperty("cleanup", true);

        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        root.add("added_tokens", added);
        root.add("normalizer", normalizer);
        root.add("pre_tokenizer", preTokenizer);
        root.add("post_processor", template(cls, vocab.get(cls), sep, vocab.get(sep)));
        root.add("decoder", decoder);
        root.add("model", model);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(root);
    }

    /** TemplateProcessing: "[CLS]:0 $A:0 [SEP]:0", pairs "[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1". */
    private static JsonObject template(String cls, int clsId, String sep, int sepId) {
        JsonArray single = new JsonArray();
        single.add(piece("SpecialToken", cls, 0));
        single.add(piece("Sequence", "A", 0));
        single.add(piece("SpecialToken", sep, 0));
        JsonArray pair = single.deepCopy();
        pair.add(piece("Sequence", "B", 1));
        pair.add(piece("SpecialToken", sep, 1));
        JsonObject tokens = new JsonObject();
        tokens.add(cls, specialTokenIds(cls, clsId));
        tokens.add(sep, specialTokenIds(sep, sepId));
        JsonObject t = new JsonObject();
        t.addProperty("type", "TemplateProcessing");
        t.add("single", single);
        t.add("pair", pair);
        t.add("special_tokens", tokens);
        return t;
    }

    /** A template item: {"SpecialToken": {"id": "[CLS]", "type_id": 0}} or {"Sequence": {"id": "A", …}}. */
    private static JsonObject piece(String kind, String id, int typeId) {
        JsonObject inner = new JsonObject();
        inner.addProperty("id", id);
        inner.addProperty("type_id", typeId);
        JsonObject o = new JsonObject();
        o.add(kind, inner);
        return o;
    }

    private static JsonObject specialTokenIds(String token, int id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", token);
        JsonArray ids = new JsonArray();
        ids.add(id);
        o.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(token);
        o.add("tokens", tokens);
        return o;
    }
}
