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

    public static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }
}
