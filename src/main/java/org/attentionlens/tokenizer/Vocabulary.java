package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The entries of a tokenizer.json as stored, by id: the model's vocabulary ({@code model.vocab}: a map of entry to
 * id for BPE, WordPiece and WordLevel, a list of [piece, score] for Unigram) and the {@code added_tokens}.
 * This is reading data for display; the tokenizing is the library's. Legend: V ids (largest id + 1).
 */
final class Vocabulary {
    /** Far past any real vocabulary (the largest have about 260,000 entries); keeps a stray id from allocating gigabytes. */
    private static final int MAX_ID = 1 << 24;

    private final String[] entries;  // (V) entry as stored; null where no entry has the id
    private final boolean[] added;   // (V) from added_tokens: plain text, not spelled like the model's entries
    private final boolean[] special; // (V) added token marked special
    private final TokenText text;

    private Vocabulary(String[] entries, boolean[] added, boolean[] special, TokenText text) {
        this.entries = entries;
        this.added = added;
        this.special = special;
        this.text = text;
    }

    /** Reads and checks the parts of a parsed tokenizer.json this class needs; file names it in messages. */
    static Vocabulary of(JsonObject root, String file) {
        JsonObject model = object(root, "model", file);
        String type = string(model, "type", "model.type", file);
        JsonElement vocab = model.get("vocab");
        Map<Integer, String> ids = new HashMap<>();
        if (type == null) type = untypedModel(model); // the library guesses by the fields present, as here
        if (type.equals("Unigram")) {
            if (vocab == null || !vocab.isJsonArray())
                throw FileProblems.field(file, "model.vocab", "must be a list of [piece, score] for a Unigram model");
            JsonArray list = vocab.getAsJsonArray();
            for (int i = 0; i < list.size(); i++) {
                JsonElement e = list.get(i);
                if (!e.isJsonArray() || e.getAsJsonArray().isEmpty() || !isString(e.getAsJsonArray().get(0)))
                    throw FileProblems.field(file, "model.vocab[" + i + "]", "is not a [piece, score] pair");
                ids.put(i, e.getAsJsonArray().get(0).getAsString());
            }
        } else if (type.equals("BPE") || type.equals("WordPiece") || type.equals("WordLevel")) {
            if (vocab == null || !vocab.isJsonObject())
                throw FileProblems.field(file, "model.vocab", "must be a map of entry to id for a " + type + " model");
            for (var e : vocab.getAsJsonObject().entrySet())
                ids.put(id(e.getValue(), "model.vocab entry \"" + e.getKey() + "\"", file), e.getKey());
        } else {
            throw FileProblems.field(file, "model.type", "is \"" + type
                    + "\"; the library knows BPE, WordPiece, WordLevel and Unigram");
        }
        Map<Integer, Boolean> addedSpecial = new HashMap<>();
        JsonElement addedTokens = root.get("added_tokens");
        if (addedTokens != null && !addedTokens.isJsonNull()) {
            if (!addedTokens.isJsonArray()) throw FileProblems.field(file, "added_tokens", "is not a list");
            int i = 0;
            for (JsonElement t : addedTokens.getAsJsonArray()) {
                String where = "added_tokens[" + i++ + "]";
                if (!t.isJsonObject()) throw FileProblems.field(file, where, "is not an object");
                JsonObject o = t.getAsJsonObject();
                int id = id(o.get("id"), where + ".id", file);
                String content = string(o, "content", where + ".content", file);
                if (content == null) throw FileProblems.field(file, where, "has no \"content\"");
                JsonElement s = o.get("special");
                if (s != null && !(s.isJsonPrimitive() && s.getAsJsonPrimitive().isBoolean()))
                    throw FileProblems.field(file, where + ".special", "is not true or false");
                ids.put(id, content);
                addedSpecial.put(id, s != null && s.getAsBoolean());
            }
        }
        int V = ids.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] entries = new String[V];
        boolean[] added = new boolean[V], special = new boolean[V];
        ids.forEach((id, entry) -> entries[id] = entry);
        addedSpecial.forEach((id, s) -> {
            added[id] = true;
            special[id] = s;
        });
        return new Vocabulary(entries, added, special, new TokenText(spelling(root, type), type.equals("WordPiece")
                ? JsonFields.string(model, "continuing_subword_prefix", "##") : "",
                JsonFields.bool(model, "byte_fallback", false)));
    }

    private static String untypedModel(JsonObject model) {
        if (model.get("vocab") != null && model.get("vocab").isJsonArray()) return "Unigram";
        if (model.has("merges")) return "BPE";
        return model.has("continuing_subword_prefix") || model.has("max_input_chars_per_word") ? "WordPiece" : "WordLevel";
    }

    /** GPT-2's byte alphabet when a ByteLevel step is anywhere in the pipeline; "▁" for a space when a step uses it. */
    private static TokenText.Spelling spelling(JsonObject root, String type) {
        if (type.equals("WordPiece")) return TokenText.Spelling.WORD_PIECE;
        String steps = String.valueOf(root.get("normalizer")) + root.get("pre_tokenizer") + root.get("decoder");
        if (steps.contains("\"ByteLevel\"")) return TokenText.Spelling.BYTE_LEVEL;
        if (steps.contains("Metaspace") || steps.contains("\u2581")) return TokenText.Spelling.METASPACE;
        return TokenText.Spelling.PLAIN;
    }

    /** Largest id + 1. */
    int size() {
        return entries.length;
    }

    boolean has(int id) {
        return id >= 0 && id < entries.length && entries[id] != null;
    }

    /** The entry as stored (has(id) must hold). */
    String entry(int id) {
        return entries[id];
    }

    boolean special(int id) {
        return has(id) && special[id];
    }

    /** The UI form: special tokens as stored, other added tokens as readable text, model entries per spelling. */
    String display(int id) {
        if (special[id]) return entries[id];
        return added[id] ? TokenText.readable(entries[id]) : text.display(entries[id]);
    }

    /** The plain text of an entry for scripts: added tokens as stored, model entries per spelling. */
    String plain(int id) {
        return added[id] ? entries[id] : text.plain(entries[id]);
    }

    /** The id of the first of these entries the vocabulary has. */
    OptionalInt firstOf(String... candidates) {
        for (String c : candidates)
            for (int id = 0; id < entries.length; id++)
                if (c.equals(entries[id])) return OptionalInt.of(id);
        return OptionalInt.empty();
    }

    private static JsonObject object(JsonObject o, String key, String file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) throw FileProblems.field(file, "\"" + key + "\"", "is missing or not an object");
        return e.getAsJsonObject();
    }

    /** A string field, null when absent. */
    private static String string(JsonObject o, String key, String path, String file) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!isString(e)) throw FileProblems.field(file, path, "is not a string");
        return e.getAsString();
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static int id(JsonElement e, String path, String file) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber())
            throw FileProblems.field(file, path, "has the id " + e + ", not a whole number");
        double d = e.getAsDouble();
        if (d != Math.rint(d) || d < 0 || d >= MAX_ID)
            throw FileProblems.field(file, path, "has the id " + e + ", not a whole number from 0 to " + (MAX_ID - 1));
        return (int) d;
    }
}
