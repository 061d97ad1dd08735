package org.attentionlens.fuzz;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a JSON document's tree: a container is picked by a random walk from the root that stops at each level
 * with odds 1 in 3 (so a tokenizer.json's settings are hit as often as its thousands of merges), then one of its
 * children is retyped, renumbered, dropped or copied.
 * Values JSON cannot hold (Infinity, NaN, 300 levels of nesting) are written as bare text, as a broken file has them.
 */
final class JsonEdits {
    private static final String BARE = "@@bare@@";
    /** Values of another type: a number as a string, empty things, booleans, words JSON lacks, hostile strings. */
    private static final String[] SWAPS = {"\"32\"", "\"\"", "[]", "{}", "null", "true", "false", BARE + "Infinity",
            BARE + "-Infinity", BARE + "NaN", BARE + "1e999", "\"a\\u0000b\"", "\"" + "x".repeat(5000) + "\"",
            BARE + "[".repeat(300) + "]".repeat(300), "\"../../etc/passwd\"", "\"\\u202e\\ud800\"", "-1", "[1, \"a\", {}]"};
    /** Numbers past what a dimension, an id or a float can be. */
    private static final String[] NUMBERS = {"0", "-1", "1.5", "16777216", "1073741824", "2147483647", "2147483648",
            "4294967296", "9007199254740993", "9223372036854775807", "1e300", "-1e300", "1e-300", "200000000",
            "16777215", "3.5e38", "-2147483648"};

    private JsonEdits() {
    }

    /** The document after the edit, or null when it is no longer JSON (then the caller edits its bytes). */
    static String apply(String json, Edit.Kind kind, Random rnd) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException | StackOverflowError e) {
            return null;
        }
        if (root == null || !(root.isJsonObject() || root.isJsonArray())) return value(kind, rnd);
        JsonElement c = root;
        for (List<JsonElement> inner = containers(c); !inner.isEmpty() && rnd.nextInt(3) != 0; inner = containers(c))
            c = inner.get(rnd.nextInt(inner.size()));
        if (c instanceof JsonObject o) {
            if (o.isEmpty()) o.add("x", parse(value(kind, rnd)));
            else {
                List<String> keys = new ArrayList<>(o.keySet());
                String key = keys.get(rnd.nextInt(keys.size()));
                switch (kind) {
                    case DROP_KEY -> o.remove(key);
                    case DUPLICATE -> o.add(keys.get(rnd.nextInt(keys.size())), o.get(key).deepCopy());
                    default -> o.add(key, parse(value(kind, rnd)));
                }
            }
        } else {
            JsonArray a = (JsonArray) c;
            if (a.isEmpty()) a.add(parse(value(kind, rnd)));
            else {
                int i = rnd.nextInt(a.size());
                switch (kind) {
                    case DROP_KEY -> a.remove(i);
                    case DUPLICATE -> a.add(a.get(i).deepCopy());
                    default -> a.set(i, parse(value(kind, rnd)));
                }
            }
        }
        String text = new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(root);
        return text.replaceAll("\"" + BARE + "([^\"]*)\"", "$1");
    }

    private static String value(Edit.Kind kind, Random rnd) {
        return kind == Edit.Kind.HUGE_NUMBER ? NUMBERS[rnd.nextInt(NUMBERS.length)] : SWAPS[rnd.nextInt(SWAPS.length)];
    }

    /** A value as an element; bare text travels as a marked string and is unmarked when written. */
    private static JsonElement parse(String value) {
        if (value.startsWith(BARE)) return new JsonPrimitive(value);
        if (value.matches("-?[0-9][0-9.e+-]*")) return new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(value));
        JsonElement e = JsonParser.parseString(value);
        return e == null ? JsonNull.INSTANCE : e;
    }

    private static List<JsonElement> containers(JsonElement e) {
        List<JsonElement> out = new ArrayList<>();
        Iterable<JsonElement> children = e.isJsonObject() ? e.getAsJsonObject().asMap().values() : e.getAsJsonArray();
        for (JsonElement child : children) if (child.isJsonObject() || child.isJsonArray()) out.add(child);
        return out;
    }
}
