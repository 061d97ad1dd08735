package org.attentionlens.tokenizer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.attentionlens.tokenizer.JsonFields.bool;
import static org.attentionlens.tokenizer.JsonFields.string;

/**
 * BERT's WordPiece tokenizer as described by a Hugging Face tokenizer.json: {@link BertNormalizer}, then
 * BERT's pre-tokenizer (split on whitespace, every punctuation char its own word), then greedy
 * longest-match-first WordPiece per word ("unbelievable" → "un", "##bel", "##ie", "##va", "##ble"; a word
 * with any piece missing from the vocabulary becomes one [UNK]), framed by [CLS] … [SEP].
 * Every token keeps the span of ORIGINAL text it came from. Legend: T tokens, n normalized code points.
 */
public final class WordPieceTokenizer implements Tokenizer {
    private final String[] vocab;                 // (V) id → entry
    private final Map<String, Integer> ids;       // entry → id
    private final BertNormalizer normalizer;
    private final String prefix;                  // "##" marks a piece that continues a word
    private final int maxWordChars;               // longer words become [UNK] without trying
    private final int unk, cls, sep;
    private final Set<Integer> dropOnDecode;      // [CLS], [SEP], [PAD], [MASK]: framing, not text

    WordPieceTokenizer(String[] vocab, BertNormalizer normalizer, String unkToken, String prefix, int maxWordChars,
                       Set<String> specialTokens) {
        this.vocab = vocab.clone();
        this.ids = new HashMap<>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) ids.putIfAbsent(vocab[i], i);
        this.normalizer = normalizer;
        this.prefix = prefix;
        this.maxWordChars = maxWordChars;
        this.unk = required(unkToken);
        this.cls = required("[CLS]");
        this.sep = required("[SEP]");
        this.dropOnDecode = new HashSet<>();
        for (String s : specialTokens) if (!s.equals(unkToken) && ids.containsKey(s)) dropOnDecode.add(ids.get(s));
    }

    /**
     * Reads a tokenizer.json whose model is WordPiece and whose normalizer is BertNormalizer.
     *
     * @throws IllegalArgumentException naming what is missing or unsupported
     */
    public static WordPieceTokenizer fromHuggingFaceJson(Reader json) {
        JsonObject root;
        try {
            root = JsonParser.parseReader(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not a valid tokenizer.json (" + e.getMessage() + ")", e);
        }
        JsonObject model = object(root, "model");
        if (!"WordPiece".equals(string(model, "type", "")))
            throw new IllegalArgumentException("the tokenizer model is " + string(model, "type", "missing")
                    + ", not WordPiece");
        JsonObject vocabJson = object(model, "vocab");
        String[] vocab = new String[vocabJson.size()];
        for (Map.Entry<String, JsonElement> e : vocabJson.entrySet()) {
            int id = e.getValue().getAsInt();
            if (id < 0 || id >= vocab.length || vocab[id] != null)
                throw new IllegalArgumentException("the vocabulary's ids are not 0 … " + (vocab.length - 1)
                        + " each used once (\"" + e.getKey() + "\" has " + id + ")");
            vocab[id] = e.getKey();
        }
        JsonObject norm = object(root, "normalizer");
        if (!"BertNormalizer".equals(string(norm, "type", "")))
            throw new IllegalArgumentException("the normalizer is " + string(norm, "type", "missing")
                    + ", not BertNormalizer");
        boolean lowercase = bool(norm, "lowercase", true);
        JsonElement strip = norm.get("strip_accents");
        boolean stripAccents = strip == null || strip.isJsonNull() ? lowercase : strip.getAsBoolean();
        BertNormalizer normalizer = new BertNormalizer(bool(norm, "clean_text", true),
                bool(norm, "handle_chinese_chars", true), stripAccents, lowercase);
        Set<String> specials = new HashSet<>();
        if (root.get("added_tokens") != null && root.get("added_tokens").isJsonArray())
            for (JsonElement t : root.getAsJsonArray("added_tokens")) {
                JsonObject o = t.getAsJsonObject();
                if (bool(o, "special", false)) specials.add(string(o, "content", ""));
            }
        JsonElement maxChars = model.get("max_input_chars_per_word");
        return new WordPieceTokenizer(vocab, normalizer, string(model, "unk_token", "[UNK]"),
                string(model, "continuing_subword_prefix", "##"),
                maxChars == null || maxChars.isJsonNull() ? 100 : maxChars.getAsInt(), specials);
    }

    @Override
    public Tokens encode(String text) {
        BertNormalizer.Normalized n = normalizer.normalize(text);
        List<int[]> out = new ArrayList<>(); // each {id, start, end}
        out.add(new int[]{cls, 0, 0});
        int[] cps = n.codePoints();
        int wordStart = -1;
        for (int i = 0; i <= n.length(); i++) {
            boolean boundary = i == n.length() || BertNormalizer.isWhitespace(cps[i])
                    || BertNormalizer.isPunctuation(cps[i]);
            if (!boundary) {
                if (wordStart < 0) wordStart = i;
                continue;
            }
            if (wordStart >= 0) wordPieces(n, wordStart, i, out);
            wordStart = -1;
            if (i < n.length() && BertNormalizer.isPunctuation(cps[i])) wordPieces(n, i, i + 1, out);
        }
        out.add(new int[]{sep, text.length(), text.length()});

        int T = out.size();
        int[] tokenIds = new int[T], start = new int[T], end = new int[T]; // (T)
        String[] display = new String[T];                                 // (T)
        for (int t = 0; t < T; t++) {
            tokenIds[t] = out.get(t)[0];
            start[t] = out.get(t)[1];
            end[t] = out.get(t)[2];
            display[t] = displayToken(tokenIds[t]);
        }
        return new Tokens(tokenIds, start, end, display);
    }

    /** Greedy longest-match-first pieces of the word n[from, to), or one [UNK] if some part matches nothing. */
    private void wordPieces(BertNormalizer.Normalized n, int from, int to, List<int[]> out) {
        int spanStart = n.start()[from], spanEnd = n.end()[to - 1];
        if (to - from > maxWordChars) {
            out.add(new int[]{unk, spanStart, spanEnd});
            return;
        }
        List<int[]> pieces = new ArrayList<>();
        for (int s = from; s < to; ) {
            int match = -1, e = to;
            for (; e > s; e--) {
                String piece = new String(n.codePoints(), s, e - s);
                Integer id = ids.get(s > from ? prefix + piece : piece);
                if (id != null) {
                    match = id;
                    break;
                }
            }
            if (match < 0) {
                out.add(new int[]{unk, spanStart, spanEnd});
                return;
            }
            pieces.add(new int[]{match, n.start()[s], n.end()[e - 1]});
            s = e;
        }
        out.addAll(pieces);
    }

    @Override
    public String decode(int[] tokenIds) {
        StringBuilder b = new StringBuilder();
        for (int id : tokenIds) {
            String entry = rawToken(id);
            if (dropOnDecode.contains(id)) continue;
            if (entry.startsWith(prefix)) {
                b.append(entry, prefix.length(), entry.length());
            } else {
                if (b.length() > 0) b.append(' ');
                b.append(entry);
            }
        }
        return cleanUp(b.toString());
    }

    /** Undoes the spaces that joining put before punctuation and clitics: "don ' t" → "don't", "it 's" → "it's". */
    private static String cleanUp(String s) {
        return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
                .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" 's", "'s")
                .replace(" 've", "'ve").replace(" 're", "'re");
    }

    @Override
    public String rawToken(int id) {
        if (id < 0 || id >= vocab.length)
            throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocab.length);
        return vocab[id];
    }

    /** "##ing" → "ing"; whole words and special tokens ("[CLS]") as stored. */
    @Override
    public String displayToken(int id) {
        String entry = rawToken(id);
        return entry.startsWith(prefix) && entry.length() > prefix.length() ? entry.substring(prefix.length()) : entry;
    }

    /** Pieces as stored ("##ing"), so scripts can tell a continuation from a word. */
    @Override
    public String tokenString(int id) {
        return rawToken(id);
    }

    @Override
    public int vocabSize() {
        return vocab.length;
    }

    /** An encoder has no end-of-text token: nothing to stop generation at. */
    @Override
    public OptionalInt endOfText() {
        return OptionalInt.empty();
    }

    /** The id of an entry, if the vocabulary has it. */
    public OptionalInt id(String entry) {
        Integer id = ids.get(entry);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    private int required(String token) {
        Integer id = ids.get(token);
        if (id == null) throw new IllegalArgumentException("the vocabulary has no " + token + " token");
        return id;
    }

    private static JsonObject object(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) throw new IllegalArgumentException("tokenizer.json has no \"" + key + "\" object");
        return e.getAsJsonObject();
    }


}
