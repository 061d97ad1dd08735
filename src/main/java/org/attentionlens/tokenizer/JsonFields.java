package org.attentionlens.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Optional fields of Hugging Face JSON files (config.json, tokenizer.json): absent or null gives the fallback. */
public final class JsonFields {
    private JsonFields() {
    }

    public static String string(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    /**
     * A special-token setting of tokenizer_config.json ("eos_token", "unk_token", …): a string, or an AddedToken
     * object's "content"; absent or null gives the fallback.
     */
    static String token(JsonObject config, String key, String fallback) {
        JsonElement e = config.get(key);
        if (e != null && e.isJsonObject()) e = e.getAsJsonObject().get("content");
        if (e == null || e.isJsonNull()) return fallback;
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
            throw new IllegalArgumentException("tokenizer_config.json: " + key + " is neither a string nor a token object");
        return e.getAsString();
    }

    public static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }
}
