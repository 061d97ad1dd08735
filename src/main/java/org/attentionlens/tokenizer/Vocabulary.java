package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.attentionlens.errors.JsonMessages;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The entries of a tokenizer.json as stored, by id: the model's vocabulary ({@code model.vocab}: a map of entry to
 * id for BPE, WordPiece and WordLevel, a list of [piece, score] for Unigram) and the {@code added_tokens}.
 * This is reading data for display; the tokenizing is the library's. Memory follows the number of entries, never
 * the largest id (one stray id of 200,000,000 must not allocate gigabytes). Ids are checked as the library assigns
 * them: two entries of model.vocab may not share an id, and an added token takes the id of its content in the
 * vocabulary, else the next free one; a file saying otherwise is refused, since its ids and the library's would
 * disagree. Legend: V ids (largest id + 1).
 */
final class Vocabulary {
    /** One id's entry: as stored, whether it is an added token (plain text, not spelled like the model's), special. */
    private record Entry(String text, boolean added, boolean special) {
    }

    /** The largest id a file may give: V = largest id + 1 must be an int. */
    static final int MAX_ID = Integer.MAX_VALUE - 1;

    private final Map<Integer, Entry> entries;
    private final int size;
    private final TokenText text;

    private Vocabulary(Map<Integer, Entry> entries, TokenText text) {
        this.entries = entries;
        this.size = entries.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.text = text;
    }

    /** Reads and checks the parts of a parsed tokenizer.json this class needs; file names it in messages. */
    static Vocabulary of(JsonObject root, String file) {
        JsonObject model = object(root, "model", file);
        String type = string(model, "type", "model.type", file);
        JsonElement vocab = model.get("vocab");
        Map<Integer, Entry> entries = new HashMap<>();
        Map<String, Integer> idOf = new HashMap<>(); // entry → id, as the library looks added tokens up
        if (type == null) type = untypedModel(model); // the library guesses by the fields present, as here
        if (type.equals("Unigram")) {
            if (vocab == null || !vocab.isJsonArray())
                throw FileProblems.field(file, "model.vocab", "must be a list of [piece, score] for a Unigram model");
            JsonArray list = vocab.getAsJsonArray();
            for (int i = 0; i < list.size(); i++) {
                JsonElement e = list.get(i);
                if (!e.isJsonArray() || e.getAsJsonArray().isEmpty() || !isString(e.getAsJsonArray().get(0)))
                    throw FileProblems.field(file, "model.vocab[" + i + "]", "is not a [piece, score] pair");
                String piece = e.getAsJsonArray().get(0).getAsString();
                entries.put(i, new Entry(piece, false, false));
                idOf.put(piece, i);
            }
        } else if (type.equals("BPE") || type.equals("WordPiece") || type.equals("WordLevel")) {
            if (vocab == null || !vocab.isJsonObject())
                throw FileProblems.field(file, "model.vocab", "must be a map of entry to id for a " + type + " model");
            for (var e : vocab.getAsJsonObject().entrySet()) {
                int id = id(e.getValue(), "model.vocab entry \"" + JsonMessages.excerpt(e.getKey()) + "\"", file);
                Entry before = entries.put(id, new Entry(e.getKey(), false, false));
                if (before != null)
                    throw FileProblems.field(file, "model.vocab", "gives the id " + id + " to both \""
                            + JsonMessages.excerpt(before.text()) + "\" and \"" + JsonMessages.excerpt(e.getKey())
                            + "\": every entry needs an id of its own");
                idOf.put(e.getKey(), id);
            }
        } else {
            throw FileProblems.field(file, "model.type", "is \"" + JsonMessages.excerpt(type)
                    + "\"; the library knows BPE, WordPiece, WordLevel and Unigram");
        }
        addedTokens(root, file, entries, idOf);
        return new Vocabulary(entries, new TokenText(spelling(root, type), type.equals("WordPiece")
                ? JsonFields.string(model, "continuing_subword_prefix", "##", file) : "",
                JsonFields.bool(model, "byte_fallback", false, file)));
    }

    /**
     * Adds added_tokens where the library puts them: an entry already in the vocabulary (or added before) keeps its
     * id; a new one gets the next id after the model's entries and the tokens added so far. An empty one is ignored.
     */
    private static void addedTokens(JsonObject root, String file, Map<Integer, Entry> entries, Map<String, Integer> idOf) {
        JsonElement addedTokens = root.get("added_tokens");
        if (addedTokens == null || addedTokens.isJsonNull()) return;
        if (!addedTokens.isJsonArray()) throw FileProblems.field(file, "added_tokens", "is not a list");
        int modelEntries = idOf.size(), lastAdded = -1;
        int i = 0;
        for (JsonElement t : addedTokens.getAsJsonArray()) {
            String where = "added_tokens[" + i++ + "]";
            if (!t.isJsonObject()) throw FileProblems.field(file, where, "is not an object");
            JsonObject o = t.getAsJsonObject();
            int given = id(o.get("id"), where + ".id", file);
            String content = string(o, "content", where + ".content", file);
            if (content == null) throw FileProblems.field(file, where, "has no \"content\"");
            boolean special = JsonFields.bool(o, "special", false, file);
            if (content.isEmpty()) continue;
            Integer known = idOf.get(content);
            int id = known != null ? known : lastAdded >= modelEntries || modelEntries == 0 ? lastAdded + 1 : modelEntries;
            if (id != given)
                throw FileProblems.field(file, where, "\"" + JsonMessages.excerpt(content) + "\" has the id " + given
                        + ", but the tokenizers library gives it the id " + id + (known != null ? ", its id in the "
                        + "vocabulary" : ", the next free one") + (entries.containsKey(given) && known == null
                        ? " (" + given + " is \"" + JsonMessages.excerpt(entries.get(given).text()) + "\")" : "")
                        + ": the file is damaged or was edited by hand");
            entries.put(id, new Entry(content, true, special));
            idOf.put(content, id);
            lastAdded = Math.max(lastAdded, id);
        }
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
        return size;
    }

    boolean has(int id) {
        return entries.containsKey(id);
    }

    /** The entry as stored (has(id) must hold). */
    String entry(int id) {
        return entries.get(id).text();
    }

    /** The UI form: special tokens as stored, other added tokens as readable text, model entries per spelling. */
    String display(int id) {
        Entry e = entries.get(id);
        if (e.special()) return e.text();
        return e.added() ? TokenText.readable(e.text()) : text.display(e.text());
    }

    /** The plain text of an entry for scripts: added tokens as stored, model entries per spelling. */
    String plain(int id) {
        Entry e = entries.get(id);
        return e.added() ? e.text() : text.plain(e.text());
    }

    /** The lowest id of the first of these entries the vocabulary has. */
    OptionalInt firstOf(String... candidates) {
        for (String c : candidates) {
            OptionalInt id = entries.entrySet().stream().filter(e -> e.getValue().text().equals(c))
                    .mapToInt(Map.Entry::getKey).min();
            if (id.isPresent()) return id;
        }
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
            throw FileProblems.field(file, path, "has the id " + (e == null ? "(none)" : JsonMessages.excerpt(e.toString()))
                    + ", not a whole number");
        double d = e.getAsDouble();
        if (d != Math.rint(d) || d < 0 || d > MAX_ID) // MAX_ID + 1 ids must still be counted in an int
            throw FileProblems.field(file, path, "has the id " + JsonMessages.excerpt(e.toString())
                    + ", not a whole number from 0 to " + MAX_ID);
        return (int) d;
    }
}
