package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import org.attentionlens.errors.JsonMessages;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line messages for tokenizer files that cannot be read, naming the file and the problem. Neither gson's nor
 * the tokenizers library's own exception texts reach the user (they name classes, Rust types and web pages):
 * the problem is said again in plain words, with the line and column where the parser stopped.
 */
final class FileProblems {
    private static final Pattern WHERE = Pattern.compile("line (\\d+) column (\\d+)");
    private static final Pattern NAMED = Pattern.compile("`([^`]*)`");

    private FileProblems() {
    }

    /** The file's JSON object. */
    static JsonObject parseObject(String json, String file) {
        return parse(json, file, false);
    }

    /**
     * A tokenizer.json's object without {@code model.merges} (an empty list stands in): the merges are the
     * library's to read, and skipping them halves the time gson takes over a Llama-3-size file.
     */
    static JsonObject parseWithoutMerges(String json, String file) {
        return parse(json, file, true);
    }

    private static JsonObject parse(String json, String file, boolean skipMerges) {
        if (json.isBlank()) throw new IllegalArgumentException(file + " is empty");
        JsonReader r = new JsonReader(new StringReader(json));
        // the tokenizers library reads tokenizer.json as strict JSON, and some of its sections panic (abort the app)
        // on what a lenient parser lets through: NaN, Infinity, numbers past a double
        if (skipMerges) r.setStrictness(Strictness.STRICT);
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) throw new IllegalArgumentException(file + " is not a JSON object");
            JsonObject root = new JsonObject();
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                root.add(name, skipMerges && name.equals("model") && r.peek() == JsonToken.BEGIN_OBJECT
                        ? modelWithoutMerges(r) : JsonParser.parseReader(r));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) throw new MalformedJsonException("more after the object at " + r);
            if (skipMerges) finiteNumbers(root, file, "");
            return root;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            boolean cut = e instanceof EOFException || e.getCause() instanceof EOFException;
            throw new IllegalArgumentException(file + (cut ? " is cut short: the JSON ends before it is complete"
                    : " is not valid JSON") + where(e.getMessage()));
        }
    }

    /** Every number a double holds: 1e999 is valid JSON syntax, but the library fails on it, in places by aborting. */
    private static void finiteNumbers(JsonElement e, String file, String path) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && !Double.isFinite(e.getAsDouble()))
            throw field(file, path.isEmpty() ? "the document" : path, "holds the number " + JsonMessages.excerpt(e.toString())
                    + ", past what a double can hold: the file is damaged");
        if (e.isJsonObject())
            for (var child : e.getAsJsonObject().entrySet())
                finiteNumbers(child.getValue(), file, path.isEmpty() ? child.getKey() : path + "." + child.getKey());
        if (e.isJsonArray())
            for (int i = 0; i < e.getAsJsonArray().size(); i++) finiteNumbers(e.getAsJsonArray().get(i), file, path + "[" + i + "]");
    }

    private static JsonObject modelWithoutMerges(JsonReader r) throws IOException {
        JsonObject model = new JsonObject();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            if (name.equals("merges")) {
                r.skipValue(); // still checked as JSON
                model.add(name, new JsonArray());
            } else {
                model.add(name, JsonParser.parseReader(r));
            }
        }
        r.endObject();
        return model;
    }

    /** A field of the file that is not what it must be. */
    static IllegalArgumentException field(String file, String path, String problem) {
        return new IllegalArgumentException(file + ": " + path + " " + problem);
    }

    /** The tokenizers library rejected the file (it passed the checks made here): what it said, in plain words. */
    static IllegalArgumentException rejected(String file, RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        Matcher named = NAMED.matcher(m);
        String name = named.find() ? JsonMessages.excerpt(named.group(1)) : ""; // a name from the file: any length, any bytes
        String problem;
        if (m.startsWith("missing field")) problem = "a section lacks its field \"" + name + "\"";
        else if (m.startsWith("invalid type") || m.startsWith("invalid value")) problem = "a field has a value of the wrong type";
        else if (m.startsWith("unknown variant")) problem = "the type \"" + name + "\" is not one the library knows";
        else if (m.startsWith("data did not match any variant")) problem = "a section is not in any form the library knows";
        else if (m.contains("out of vocabulary")) problem = "the token \"" + name + "\" is used but not in the vocabulary";
        else if (m.contains("Missing") && m.contains("from the vocabulary"))
            problem = "its unknown-word token (unk_token) is not in the vocabulary";
        else if (m.startsWith("EOF")) problem = "the JSON ends before it is complete";
        else problem = "the library cannot read it";
        return new IllegalArgumentException(file + " is not a tokenizer the Hugging Face tokenizers library can read: "
                + problem + where(m));
    }

    /** " (line L, column C)" from a parser's message, or "". */
    private static String where(String message) {
        Matcher w = WHERE.matcher(String.valueOf(message));
        return w.find() ? " (line " + w.group(1) + ", column " + w.group(2) + ")" : "";
    }
}
