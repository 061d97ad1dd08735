package org.attentionlens.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * GPT-2's byte-level BPE. Text is split by GPT-2's pre-tokenization regex into pieces; each piece's UTF-8
 * bytes start as one token per byte and the adjacent pair with the lowest merge rank is merged until no pair
 * has a rank. Vocabulary entries spell bytes with {@link ByteUnicode}'s printable characters ("Ġ" is a space).
 * Special tokens (GPT-2: {@code <|endoftext|>}) written literally in the text become their own token.
 * Legend: V vocabulary entries, T tokens, P pieces' bytes.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {
    /** GPT-2's pre-tokenizer: contractions, letters, digits, other symbols, each optionally after one space. */
    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final int CACHE_LIMIT = 50_000;
    private static final long NO_MERGE = Long.MAX_VALUE;

    private final String[] vocab;        // (V) raw entries; null where an id is unused
    private final byte[][] tokenBytes;   // (V) the bytes each entry stands for (specials: their UTF-8 text)
    private final int[] byteToken;       // (256) the single-byte entry of each byte
    private final Map<Long, Long> merges; // (left id << 32 | right id) -> (rank << 32 | merged id)
    private final Map<String, Integer> specials; // literal -> id
    private final Pattern specialSplit;  // matches any special literal, or null
    private final int endOfText;         // id or -1
    private final Map<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param vocab    entry -> id, entries spelled with {@link ByteUnicode}
     * @param merges   (left, right) pairs, best first: merge i has rank i
     * @param specials literal text -> id of special tokens (may also be in vocab)
     */
    public ByteLevelBpeTokenizer(Map<String, Integer> vocab, List<String[]> merges, Map<String, Integer> specials) {
        int V = 0;
        for (int id : vocab.values()) V = Math.max(V, id + 1);
        for (int id : specials.values()) V = Math.max(V, id + 1);
        this.vocab = new String[V];
        this.tokenBytes = new byte[V][];
        Map<String, Integer> ids = new HashMap<>(vocab);
        for (var e : vocab.entrySet()) {
            if (e.getValue() < 0) throw new IllegalArgumentException("entry '" + e.getKey() + "' has a negative id");
            this.vocab[e.getValue()] = e.getKey();
        }
        for (var e : specials.entrySet()) {
            this.vocab[e.getValue()] = e.getKey();
            tokenBytes[e.getValue()] = e.getKey().getBytes(StandardCharsets.UTF_8);
        }
        for (var e : vocab.entrySet())
            if (!specials.containsKey(e.getKey())) {
                byte[] b = ByteUnicode.toBytes(e.getKey());
                if (b == null)
                    throw new IllegalArgumentException("vocabulary entry '" + e.getKey() + "' (id " + e.getValue()
                            + ") is not spelled in GPT-2's byte-to-unicode alphabet: not a byte-level BPE vocabulary");
                tokenBytes[e.getValue()] = b;
            }
        for (int i = 0; i < V; i++) if (tokenBytes[i] == null) tokenBytes[i] = new byte[0];
        byteToken = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = ids.get(ByteUnicode.toUnicode(b));
            if (id == null)
                throw new IllegalArgumentException(String.format("vocabulary has no entry for the byte 0x%02X ('%s');"
                        + " byte-level BPE needs all 256 byte entries", b, ByteUnicode.toUnicode(b)));
            byteToken[b] = id;
        }
        this.merges = new HashMap<>(merges.size() * 2);
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            Integer a = ids.get(m[0]), b = ids.get(m[1]), ab = ids.get(m[0] + m[1]);
            if (a == null || b == null || ab == null)
                throw new IllegalArgumentException("merge " + (r + 1) + " '" + m[0] + " " + m[1]
                        + "' uses or makes a token that is not in the vocabulary");
            this.merges.putIfAbsent(pair(a, b), ((long) r << 32) | ab);
        }
        this.specials = Map.copyOf(specials);
        this.specialSplit = specials.isEmpty() ? null : Pattern.compile(specials.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|")));
        this.endOfText = specials.getOrDefault(END_OF_TEXT, -1);
    }

    /** From a GPT-2 style vocab.json ({entry: id}) and merges.txt ("left right" per line, "#version" line skipped). */
    public static ByteLevelBpeTokenizer fromVocabAndMerges(String vocabJson, String mergesTxt) {
        Map<String, Integer> vocab = idMap(parse(vocabJson, "vocab.json"), "vocab.json");
        List<String[]> merges = new ArrayList<>();
        String[] lines = mergesTxt.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) continue;
            String[] parts = line.split(" ");
            if (parts.length != 2)
                throw new IllegalArgumentException("merges.txt line " + (i + 1) + " is not two tokens separated by a "
                        + "space: '" + line + "'");
            merges.add(parts);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        if (vocab.containsKey(END_OF_TEXT)) specials.put(END_OF_TEXT, vocab.get(END_OF_TEXT));
        return new ByteLevelBpeTokenizer(vocab, merges, specials);
    }

    /**
     * From a Hugging Face tokenizer.json whose model is byte-level BPE; merges in either the "left right"
     * string form or the ["left", "right"] pair form; special added_tokens kept.
     */
    public static ByteLevelBpeTokenizer fromTokenizerJson(String json) {
        JsonObject root = parse(json, "tokenizer.json");
        JsonObject model = root.has("model") && root.get("model").isJsonObject() ? root.getAsJsonObject("model") : null;
        if (model == null || !model.has("vocab") || !model.has("merges"))
            throw new IllegalArgumentException("tokenizer.json has no model.vocab and model.merges");
        String type = model.has("type") ? model.get("type").getAsString() : "BPE";
        if (!type.equals("BPE"))
            throw new IllegalArgumentException("tokenizer.json holds a " + type + " model; only byte-level BPE "
                    + "(GPT-2 style) is supported");
        JsonElement pre = root.get("pre_tokenizer");
        if (pre == null || !pre.toString().contains("ByteLevel"))
            throw new IllegalArgumentException("tokenizer.json's pre_tokenizer is not ByteLevel (" + pre
                    + "); only byte-level BPE (GPT-2 style) is supported");
        Map<String, Integer> vocab = idMap(model.getAsJsonObject("vocab"), "tokenizer.json model.vocab");
        List<String[]> merges = new ArrayList<>();
        for (JsonElement m : model.getAsJsonArray("merges")) {
            String[] pair;
            if (m.isJsonArray()) {
                JsonArray a = m.getAsJsonArray();
                pair = a.size() == 2 ? new String[]{a.get(0).getAsString(), a.get(1).getAsString()} : null;
            } else {
                pair = m.getAsString().split(" ");
            }
            if (pair == null || pair.length != 2)
                throw new IllegalArgumentException("tokenizer.json merge " + m + " is not a pair of tokens");
            merges.add(pair);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        if (root.has("added_tokens") && root.get("added_tokens").isJsonArray())
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                JsonObject o = t.getAsJsonObject();
                if (o.has("special") && o.get("special").getAsBoolean())
                    specials.put(o.get("content").getAsString(), o.get("id").getAsInt());
            }
        return new ByteLevelBpeTokenizer(vocab, merges, specials);
    }

    @Override
    public Tokens encode(String text) {
        List<int[]> out = new ArrayList<>(); // (T) {id, start, end}
        int from = 0;
        if (specialSplit != null) {
            Matcher m = specialSplit.matcher(text);
            while (m.find()) {
                encodeOrdinary(text, from, m.start(), out);
                out.add(new int[]{specials.get(m.group()), m.start(), m.end()});
                from = m.end();
            }
        }
        encodeOrdinary(text, from, text.length(), out);
        int T = out.size();
        int[] ids = new int[T], start = new int[T], end = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) {
            ids[t] = out.get(t)[0];
            start[t] = out.get(t)[1];
            end[t] = out.get(t)[2];
            display[t] = displayToken(ids[t]);
        }
        return new Tokens(ids, start, end, display);
    }

    /** Tokens of text[from, to) with no special tokens recognised. */
    private void encodeOrdinary(String text, int from, int to, List<int[]> out) {
        if (from >= to) return;
        Matcher m = PIECES.matcher(text).region(from, to);
        int done = from;
        while (m.find()) {
            if (m.start() > done) encodePiece(text, done, m.start(), out); // never happens: the regex covers every char
            encodePiece(text, m.start(), m.end(), out);
            done = m.end();
        }
        if (done < to) encodePiece(text, done, to, out);
    }

    /** BPE over one piece text[s, e), each token's span mapped from its bytes back to whole chars. */
    private void encodePiece(String text, int s, int e, List<int[]> out) {
        String piece = text.substring(s, e);
        Utf8 utf8 = Utf8.of(piece);
        int[] ids = cache.get(piece);
        if (ids == null) {
            ids = bpe(utf8.bytes);
            if (cache.size() > CACHE_LIMIT) cache.clear();
            cache.put(piece, ids);
        }
        int b = 0;
        for (int id : ids) {
            int last = b + tokenBytes[id].length - 1;
            // A token may hold part of a multi-byte char: its span widens to the whole char(s) it touches.
            out.add(new int[]{id, s + utf8.charStart[b], s + utf8.charStart[last] + utf8.charCount[last]});
            b = last + 1;
        }
    }

    /** The merges applied to bytes: (P) byte tokens in, ids out. Lowest rank first, all its occurrences at once. */
    private int[] bpe(byte[] bytes) {
        int[] parts = new int[bytes.length]; // (P) shrinks as pairs merge
        for (int i = 0; i < bytes.length; i++) parts[i] = byteToken[bytes[i] & 0xFF];
        int n = parts.length;
        while (n > 1) {
            long best = NO_MERGE;
            for (int i = 0; i + 1 < n; i++) best = Math.min(best, merge(parts[i], parts[i + 1]));
            if (best == NO_MERGE) break;
            int merged = (int) best;
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (i + 1 < n && merge(parts[i], parts[i + 1]) == best) {
                    parts[w++] = merged;
                    i++;
                } else {
                    parts[w++] = parts[i];
                }
            }
            n = w;
        }
        return Arrays.copyOf(parts, n);
    }

    /** rank << 32 | merged id of the pair, or NO_MERGE. */
    private long merge(int a, int b) {
        return merges.getOrDefault(pair(a, b), NO_MERGE);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    @Override
    public String decode(int[] ids) {
        int len = 0;
        for (int id : ids) len += bytesOf(id).length;
        byte[] all = new byte[len];
        int p = 0;
        for (int id : ids) {
            byte[] b = bytesOf(id);
            System.arraycopy(b, 0, all, p, b.length);
            p += b.length;
        }
        return new String(all, StandardCharsets.UTF_8);
    }

    private byte[] bytesOf(int id) {
        if (id < 0 || id >= tokenBytes.length)
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + tokenBytes.length);
        return tokenBytes[id];
    }

    @Override
    public String rawToken(int id) {
        bytesOf(id);
        return vocab[id] == null ? "" : vocab[id];
    }

    @Override
    public String displayToken(int id) {
        if (specials.containsKey(rawToken(id))) return vocab[id];
        return Utf8.display(tokenBytes[id]);
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    @Override
    public OptionalInt endOfText() {
        return endOfText < 0 ? OptionalInt.empty() : OptionalInt.of(endOfText);
    }

    /** The bytes an id stands for (a special token: its UTF-8 text). */
    public byte[] tokenBytes(int id) {
        return bytesOf(id).clone();
    }

    private static JsonObject parse(String json, String what) {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) throw new IllegalArgumentException(what + " is not a JSON object");
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> idMap(JsonObject o, String what) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (var e : o.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().getAsInt());
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(what + ": entry '" + e.getKey() + "' has a non-integer id "
                        + e.getValue(), ex);
            }
        }
        return out;
    }
}
