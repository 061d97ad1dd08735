package org.attentionlens.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.attentionlens.errors.JsonMessages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokenizer.json that transformers' GPT-2 converter (convert_slow_tokenizer.GPT2Converter) makes from GPT-2
 * style vocab.json + merges.txt: a BPE model behind a ByteLevel pre-tokenizer (GPT-2's split regex, no prefix space
 * unless tokenizer_config.json asks for one), a ByteLevel decoder and post-processor, and {@code <|endoftext|>}
 * as a special added token when the vocabulary has it. DJL can build a BPE from the two files directly, but that
 * one has no byte-level steps and tokenizes differently, so the files are converted as transformers does.
 */
public final class Gpt2TokenizerJson {
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final String FILES = "vocab.json/merges.txt";

    private Gpt2TokenizerJson() {
    }

    /** The tokenizer of a folder's vocab.json and merges.txt, with its optional tokenizer_config.json (or null). */
    public static HfTokenizer tokenizer(String vocabJson, String mergesTxt, String configJson) {
        boolean prefixSpace = configJson != null
                && JsonFields.bool(FileProblems.parseObject(configJson, JsonFields.CONFIG), "add_prefix_space", false,
                JsonFields.CONFIG);
        return HfTokenizer.read(FILES, of(vocab(vocabJson), merges(mergesTxt), prefixSpace), configJson);
    }

    /**
     * The tokenizer.json text.
     *
     * @param vocab  entry → id, entries spelled in GPT-2's byte alphabet ({@link ByteUnicode})
     * @param merges (left, right) pairs, best first; each pair's parts and their concatenation are entries
     * @throws IllegalArgumentException naming the first merge that uses or makes an entry not in vocab
     */
    public static String of(Map<String, Integer> vocab, List<String[]> merges, boolean addPrefixSpace) {
        JsonObject vocabJson = new JsonObject();
        vocab.forEach(vocabJson::addProperty);
        JsonArray mergesJson = new JsonArray(merges.size());
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            if (!vocab.containsKey(m[0]) || !vocab.containsKey(m[1]) || !vocab.containsKey(m[0] + m[1]))
                throw new IllegalArgumentException(FILES + ": merge " + (r + 1) + " '" + JsonMessages.excerpt(m[0] + " " + m[1])
                        + "' uses or makes a token that is not in the vocabulary");
            JsonArray pair = new JsonArray(2);
            pair.add(m[0]);
            pair.add(m[1]);
            mergesJson.add(pair);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.addProperty("continuing_subword_prefix", "");
        model.addProperty("end_of_word_suffix", "");
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        model.addProperty("ignore_merges", false);
        model.add("vocab", vocabJson);
        model.add("merges", mergesJson);

        JsonArray added = new JsonArray();
        if (vocab.containsKey(END_OF_TEXT)) added.add(addedToken(vocab.get(END_OF_TEXT), END_OF_TEXT));
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        root.add("added_tokens", added);
        root.add("normalizer", JsonNull.INSTANCE);
        root.add("pre_tokenizer", byteLevel(addPrefixSpace, true));
        root.add("post_processor", byteLevel(true, false)); // trim_offsets false: spans keep their leading space
        root.add("decoder", byteLevel(true, true));
        root.add("model", model);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(root);
    }

    /** A special added token in the library's form, every field given (the library requires them all). */
    static JsonObject addedToken(int id, String content) {
        JsonObject t = new JsonObject();
        t.addProperty("id", id);
        t.addProperty("content", content);
        t.addProperty("single_word", false);
        t.addProperty("lstrip", false);
        t.addProperty("rstrip", false);
        t.addProperty("normalized", false);
        t.addProperty("special", true);
        return t;
    }

    private static JsonObject byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", addPrefixSpace);
        o.addProperty("trim_offsets", trimOffsets);
        o.addProperty("use_regex", true);
        return o;
    }

    /** vocab.json: {entry: id}. */
    private static Map<String, Integer> vocab(String json) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : FileProblems.parseObject(json, "vocab.json").entrySet()) {
            JsonElement id = e.getValue();
            if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber() || id.getAsDouble() != id.getAsInt()
                    || id.getAsInt() < 0)
                throw FileProblems.field("vocab.json", "entry '" + JsonMessages.excerpt(e.getKey()) + "'", "has the id "
                        + JsonMessages.excerpt(id.toString()) + ", not a whole number from 0");
            vocab.put(e.getKey(), id.getAsInt());
        }
        return vocab;
    }

    /** merges.txt: "left right" per line; a first line "#version…" and empty lines are skipped. */
    private static List<String[]> merges(String txt) {
        List<String[]> merges = new ArrayList<>();
        String[] lines = txt.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] parts = line.split(" ");
            if (parts.length != 2)
                throw new IllegalArgumentException("merges.txt line " + (i + 1) + " is not two tokens separated by a "
                        + "space: '" + JsonMessages.excerpt(line) + "'");
            merges.add(parts);
        }
        return merges;
    }
}
