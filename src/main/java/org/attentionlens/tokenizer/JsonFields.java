package org.attentionlens.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.attentionlens.errors.JsonMessages;

/**
 * Optional fields of Hugging Face tokenizer files (tokenizer.json, tokenizer_config.json): absent or null gives the
 * fallback; a value of the wrong type is refused naming the file and the field, never read as something else
 * ("yes" is not false).
 */
final class JsonFields {
    static final String CONFIG = "tokenizer_config.json";

    private JsonFields() {
    }

    static String string(JsonObject o, String key, String fallback, String file) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isString()) throw wrong(file, key, e, "a string");
        return p.getAsString();
    }

    static boolean bool(JsonObject o, String key, boolean fallback, String file) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) throw wrong(file, key, e, "true or false");
        return p.getAsBoolean();
    }

    /**
     * A special-token setting of tokenizer_config.json ("eos_token", "unk_token", …): a string, or an AddedToken
     * object's "content"; absent or null gives the fallback.
     */
    static String token(JsonObject config, String key, String fallback) {
        JsonElement e = config.get(key);
        if (e != null && e.isJsonObject()) e = e.getAsJsonObject().get("content");
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isString())
            throw wrong(CONFIG, key, e, "a token: a string or an object with a string \"content\"");
        return p.getAsString();
    }

    private static IllegalArgumentException wrong(String file, String key, JsonElement value, String expected) {
        return FileProblems.field(file, "\"" + key + "\"", "must be " + expected + ", is "
                + JsonMessages.excerpt(value.toString()));
    }
}
