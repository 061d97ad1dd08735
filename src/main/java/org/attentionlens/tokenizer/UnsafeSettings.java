package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.errors.JsonMessages;

import java.nio.charset.StandardCharsets;

/**
 * Settings of a tokenizer.json that the tokenizers library accepts when it reads the file but fails on later: most
 * panic when it builds or encodes, and a panic in its Rust code cannot cross into Java, it aborts the whole app
 * without a message; a template's ids past the vocabulary would come back as tokens. Found by fuzzing; each is
 * refused here, before the library sees the file.
 */
final class UnsafeSettings {
    private UnsafeSettings() {
    }

    /**
     * @param root the parsed file without its merges ({@link FileProblems#parseWithoutMerges}); json its text
     * @throws IllegalArgumentException naming the file and the setting
     */
    static void check(JsonObject root, String json, String file, Vocabulary vocab) {
        template(root.get("post_processor"), file, "post_processor", vocab);
        mergesAndPrefix(root, json, file);
    }

    /**
     * A BPE with a continuing_subword_prefix cuts that many bytes off the right part of every merge: a right part
     * shorter than the prefix (or cut inside a character) is sliced out of bounds. Real byte-level BPEs have no
     * prefix, so the merges are read only when one is set.
     */
    private static void mergesAndPrefix(JsonObject root, String json, String file) {
        if (!(root.get("model") instanceof JsonObject model)) return;
        JsonElement prefix = model.get("continuing_subword_prefix");
        if (prefix == null || !prefix.isJsonPrimitive() || prefix.getAsString().isEmpty() || !model.has("merges")) return;
        byte[] cut = prefix.getAsString().getBytes(StandardCharsets.UTF_8);
        JsonElement merges = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("model").get("merges");
        if (!(merges instanceof JsonArray list)) return; // not a list: the library says so itself
        for (int i = 0; i < list.size(); i++) {
            JsonElement m = list.get(i);
            String right = m.isJsonPrimitive() ? m.getAsString().substring(m.getAsString().indexOf(' ') + 1)
                    : m.isJsonArray() && m.getAsJsonArray().size() == 2 && m.getAsJsonArray().get(1).isJsonPrimitive()
                    ? m.getAsJsonArray().get(1).getAsString() : null;
            if (right == null) continue;
            byte[] r = right.getBytes(StandardCharsets.UTF_8);
            if (r.length < cut.length || (r.length > cut.length && (r[cut.length] & 0xC0) == 0x80))
                throw FileProblems.field(file, "model.merges[" + i + "]", "has the right part \"" + JsonMessages.excerpt(right)
                        + "\", which does not start with the continuing_subword_prefix \""
                        + JsonMessages.excerpt(prefix.getAsString()) + "\": the file is damaged");
        }
    }

    /**
     * A TemplateProcessing (possibly inside a Sequence of processors) whose "single" template uses the second
     * sequence, $B (encoding one text then reads a second encoding that does not exist), or a special token its
     * special_tokens do not define, or defines with more ids than tokens or with ids past the vocabulary.
     */
    private static void template(JsonElement processor, String file, String path, Vocabulary vocab) {
        if (processor == null || !processor.isJsonObject()) return;
        JsonObject p = processor.getAsJsonObject();
        if (p.get("processors") instanceof JsonArray list)
            for (int i = 0; i < list.size(); i++) template(list.get(i), file, path + ".processors[" + i + "]", vocab);
        if (!"TemplateProcessing".equals(string(p.get("type")))) return;
        JsonElement single = p.get("single");
        if (single != null && usesSecondSequence(single))
            throw FileProblems.field(file, path + ".single", "uses the second sequence $B, but a single text has only "
                    + "$A: the template is damaged");
        JsonObject specials = p.get("special_tokens") instanceof JsonObject o ? o : new JsonObject();
        for (String template : new String[]{"single", "pair"})
            if (p.get(template) instanceof JsonArray pieces)
                for (JsonElement piece : pieces)
                    if (piece.isJsonObject() && piece.getAsJsonObject().get("SpecialToken") instanceof JsonObject t
                            && !specials.has(string(t.get("id"))))
                        throw FileProblems.field(file, path + "." + template, "uses the special token \""
                                + JsonMessages.excerpt(String.valueOf(string(t.get("id")))) + "\", which its special_tokens do not define");
        for (var e : specials.entrySet()) {
            JsonObject t = e.getValue().isJsonObject() ? e.getValue().getAsJsonObject() : null;
            if (t == null || !(t.get("ids") instanceof JsonArray ids)) continue; // the library says so itself
            if (t.get("tokens") instanceof JsonArray tokens && ids.size() != tokens.size())
                throw FileProblems.field(file, path + ".special_tokens", "gives \"" + JsonMessages.excerpt(e.getKey())
                        + "\" " + ids.size() + " ids but " + tokens.size() + " tokens");
            for (JsonElement id : ids)
                if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isNumber() || id.getAsDouble() != Math.rint(id.getAsDouble())
                        || id.getAsDouble() < 0 || id.getAsDouble() >= vocab.size() || !vocab.has((int) id.getAsDouble()))
                    throw FileProblems.field(file, path + ".special_tokens", "gives \"" + JsonMessages.excerpt(e.getKey())
                            + "\" the id " + JsonMessages.excerpt(id.toString()) + ", which is not in the vocabulary");
        }
    }

    private static String string(JsonElement e) {
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** Whether a template, as a list of pieces or as text ("[CLS] $A [SEP]"), names sequence B. */
    private static boolean usesSecondSequence(JsonElement template) {
        if (template.isJsonPrimitive()) {
            for (String piece : template.getAsString().split("\\s+"))
                if (piece.startsWith("$B")) return true;
            return false;
        }
        if (!template.isJsonArray()) return false;
        for (JsonElement piece : template.getAsJsonArray()) {
            if (piece.isJsonPrimitive() && piece.getAsString().startsWith("$B")) return true;
            if (piece.isJsonObject() && piece.getAsJsonObject().get("Sequence") instanceof JsonObject s
                    && s.get("id") != null && s.get("id").isJsonPrimitive() && s.get("id").getAsString().equals("B"))
                return true;
        }
        return false;
    }
}
