package org.attentionlens.io.hf;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;

import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face config.json, read with checks: every value a family asks for is checked for its type and range,
 * and anything wrong becomes one line naming the file, the key, what it holds and what it must hold (a number
 * given as a string, Infinity, [] or {}, a dimension that does not fit an int). Keys of both layouts on disk are
 * read by the callers: transformers 4.x (rope_theta, rope_scaling, torch_dtype) and 5.x (rope_parameters, dtype,
 * layer_types).
 */
public final class HfConfig {
    public static final String FILE = "config.json";
    /** No dimension of a model this app can hold comes near this; larger values are typos or corrupt files. */
    private static final long MAX_DIMENSION = 1L << 24;

    private final JsonObject o;
    private final String where;

    private HfConfig(JsonObject o, String where) {
        this.o = o;
        this.where = where;
    }

    /** Parses config.json text; where names it in messages (e.g. the folder's config.json path). */
    public static HfConfig parse(String json, String where) throws ModelLoadException {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (e == null || !e.isJsonObject())
                throw new ModelLoadException(where + " is not a JSON object: it must hold {\"model_type\": …, …}.");
            return new HfConfig(e.getAsJsonObject(), where);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(where + " is not valid JSON (" + JsonMessages.brief(e) + "): the file is "
                    + "damaged; download it again.", e);
        }
    }

    /** A nested object (e.g. rope_parameters, or text_config) read with the same checks. */
    public HfConfig object(String key) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!e.isJsonObject()) throw wrong(key, e, "an object {…}");
        return new HfConfig(e.getAsJsonObject(), where + " (" + key + ")");
    }

    public boolean has(String key) {
        JsonElement e = o.get(key);
        return e != null && !e.isJsonNull();
    }

    /** The file this came from, for messages. */
    public String where() {
        return where;
    }

    /** A required positive integer dimension. */
    public int dimension(String key) throws ModelLoadException {
        if (!has(key)) throw new ModelLoadException(where + " has no \"" + key + "\", which this model needs.");
        return dimension(key, 0);
    }

    /** A positive integer dimension, or fallback when absent or null. */
    public int dimension(String key, int fallback) throws ModelLoadException {
        if (!has(key)) return fallback;
        double d = number(key, Double.NaN);
        if (d != Math.rint(d) || d <= 0 || d > MAX_DIMENSION)
            throw new ModelLoadException(where + ": \"" + key + "\" must be a positive whole number up to "
                    + MAX_DIMENSION + ", is " + o.get(key) + ".");
        return (int) d;
    }

    /** A whole number ≥ 0 (e.g. a window or a layer count threshold), or fallback when absent or null. */
    public int count(String key, int fallback) throws ModelLoadException {
        if (!has(key)) return fallback;
        double d = number(key, Double.NaN);
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE)
            throw new ModelLoadException(where + ": \"" + key + "\" must be a whole number ≥ 0, is " + o.get(key) + ".");
        return (int) d;
    }

    /** A finite number, or fallback when absent or null. */
    public double number(String key, double fallback) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (e instanceof JsonPrimitive p && p.isString() && p.getAsString().matches("[-+]?(Infinity|NaN)"))
            throw wrong(key, e, "a finite number"); // JSON has no Infinity: the parser reads the bare word as text
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) throw wrong(key, e, "a number");
        double d = p.getAsDouble();
        if (!Double.isFinite(d)) throw wrong(key, e, "a finite number");
        return d;
    }

    /** A finite positive number, or fallback when absent or null. */
    public double positive(String key, double fallback) throws ModelLoadException {
        double d = number(key, fallback);
        if (!(d > 0)) throw wrong(key, o.get(key), "a number > 0");
        return d;
    }

    /** A norm's epsilon: a number > 0 that a float holds (1e-300 would round to 0 and 1e300 to Infinity). */
    public float epsilon(String key, double fallback) throws ModelLoadException {
        float f = (float) positive(key, fallback);
        if (!(f > 0) || Float.isInfinite(f)) throw wrong(key, o.get(key), "a number > 0 between 1e-38 and 3e38");
        return f;
    }

    /** A soft-cap: 0 (none, also when absent) or a number > 0 that a float holds. */
    public float softcap(String key) throws ModelLoadException {
        float f = (float) number(key, 0);
        if (f < 0 || Float.isInfinite(f)) throw wrong(key, o.get(key), "0 (no cap) or a number > 0 up to 3e38");
        return f;
    }

    public boolean bool(String key, boolean fallback) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) throw wrong(key, e, "true or false");
        return p.getAsBoolean();
    }

    public String string(String key, String fallback) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (!(e instanceof JsonPrimitive p) || !p.isString()) throw wrong(key, e, "a string");
        return p.getAsString();
    }

    /** A list of numbers, or null when absent. */
    public double[] numbers(String key) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!e.isJsonArray()) throw wrong(key, e, "a list of numbers");
        JsonArray a = e.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(a.get(i) instanceof JsonPrimitive p) || !p.isNumber() || !Double.isFinite(p.getAsDouble()))
                throw wrong(key, e, "a list of finite numbers");
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** A list of strings, or null when absent. */
    public List<String> strings(String key) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (!e.isJsonArray()) throw wrong(key, e, "a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!(x instanceof JsonPrimitive p) || !p.isString()) throw wrong(key, e, "a list of strings");
            out.add(x.getAsString());
        }
        return out;
    }

    /** One id or a list of ids (eos_token_id), or an empty array when absent. */
    public int[] ids(String key) throws ModelLoadException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return new int[0];
        if (e.isJsonArray()) {
            double[] d = numbers(key);
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                if (d[i] != Math.rint(d[i]) || d[i] < 0 || d[i] > Integer.MAX_VALUE) throw wrong(key, e, "token ids ≥ 0");
                out[i] = (int) d[i];
            }
            return out;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) throw wrong(key, e, "a token id or a list of token ids");
        return new int[]{count(key, 0)};
    }

    /** A message for a value of the wrong type or range. */
    public ModelLoadException wrong(String key, JsonElement value, String expected) {
        String shown = value == null ? "missing" : JsonMessages.excerpt(value.toString());
        return new ModelLoadException(where + ": \"" + key + "\" must be " + expected + ", is " + shown + ".");
    }

    /** A message for a setting this app does not support, naming it and what would fix it. */
    public ModelLoadException unsupported(String what) {
        return new ModelLoadException(where + ": " + what);
    }
}
