package org.attentionlens.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-level BPE vocabulary in GPT-2's format: ids 0–255 are the single bytes (in {@link ByteAlphabet#ORDER}),
 * then the merged tokens in the order they were learned, and the last id is {@code <|endoftext|>}. Encodes text the way GPT-2's tokenizer does:
 * pre-tokenize with GPT-2's regex, then apply merges by rank inside each piece.
 */
final class BpeVocabulary {
    static final String END_OF_TEXT = "<|endoftext|>";
    /** GPT-2's pre-tokenization: contractions, optionally space-led letters / digits / other runs, whitespace. */
    static final Pattern PRETOKENIZE = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final List<String> tokens;           // (V) id → token in the byte alphabet
    private final Map<String, Integer> ids;      // token → id
    private final List<int[]> merges;            // (merges) rank r → (left id, right id, merged id)
    private final Map<Long, Integer> mergeRank;  // (left id, right id) → rank r
    private final Map<String, int[]> cache = new HashMap<>();

    BpeVocabulary(List<String> tokens, List<int[]> merges) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) ids.put(tokens.get(i), i);
        this.merges = List.copyOf(merges);
        this.mergeRank = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) mergeRank.put(key(merges.get(r)[0], merges.get(r)[1]), r);
    }

    static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    int size() {
        return tokens.size();
    }

    int endOfText() {
        return tokens.size() - 1;
    }

    String token(int id) {
        return tokens.get(id);
    }

    /** Token ids of text (no special tokens are recognised inside text). */
    int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        Matcher m = PRETOKENIZE.matcher(text);
        while (m.find()) {
            int[] piece = encodePiece(m.group());
            parts.add(piece);
            n += piece.length;
        }
        int[] out = new int[n];
        int i = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private synchronized int[] encodePiece(String piece) {
        return cache.computeIfAbsent(piece, this::mergePiece);
    }

    private int[] mergePiece(String piece) {
        String symbols = ByteAlphabet.encode(piece);
        int[] s = new int[symbols.length()];
        for (int i = 0; i < s.length; i++) s[i] = ids.get(String.valueOf(symbols.charAt(i)));
        int n = s.length;
        while (n > 1) {
            int best = -1, bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < n; i++) {
                Integer r = mergeRank.get(key(s[i], s[i + 1]));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) break;
            s[best] = merges.get(bestRank)[2];
            System.arraycopy(s, best + 2, s, best + 1, n - best - 2);
            n--;
        }
        return java.util.Arrays.copyOf(s, n);
    }

    /** The text of ids; a character split over several tokens is decoded whole. */
    String decode(int[] idsToDecode) {
        StringBuilder text = new StringBuilder(), symbols = new StringBuilder();
        for (int id : idsToDecode) {
            if (id == endOfText()) {
                text.append(ByteAlphabet.decode(symbols.toString())).append(END_OF_TEXT);
                symbols.setLength(0);
            } else symbols.append(tokens.get(id));
        }
        return text.append(ByteAlphabet.decode(symbols.toString())).toString();
    }

    /** Writes vocab.json ({token: id}), merges.txt ("#version: 0.2" then "left right" per line) and tokenizer_config.json. */
    void write(Path dir) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        Files.writeString(dir.resolve("vocab.json"), new GsonBuilder().disableHtmlEscaping().create().toJson(vocab), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("#version: 0.2\n");
        for (int[] pair : merges) {
            sb.append(tokens.get(pair[0])).append(' ').append(tokens.get(pair[1])).append('\n');
        }
        Files.writeString(dir.resolve("merges.txt"), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GPT2Tokenizer\", "
                + "\"bos_token\": \"" + END_OF_TEXT + "\", \"eos_token\": \"" + END_OF_TEXT + "\", "
                + "\"unk_token\": \"" + END_OF_TEXT + "\", \"add_prefix_space\": false, \"model_max_length\": 1024}\n");
    }

    /** Reads what {@link #write} wrote. */
    static BpeVocabulary read(Path dir) throws IOException {
        Map<String, Integer> vocab = new Gson().fromJson(Files.readString(dir.resolve("vocab.json")),
                new TypeToken<Map<String, Integer>>() {
                }.getType());
        String[] tokens = new String[vocab.size()];
        vocab.forEach((t, id) -> tokens[id] = t);
        List<int[]> merges = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("merges.txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#version") || line.isBlank()) continue;
            int sp = line.indexOf(' ');
            String left = line.substring(0, sp), right = line.substring(sp + 1);
            Integer merged = vocab.get(left + right);
            if (merged == null) throw new IOException("merges.txt line \"" + line + "\" makes a token missing from vocab.json");
            merges.add(new int[]{vocab.get(left), vocab.get(right), merged});
        }
        return new BpeVocabulary(List.of(tokens), merges);
    }
}
