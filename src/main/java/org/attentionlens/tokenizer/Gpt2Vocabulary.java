package org.attentionlens.tokenizer;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GPT-2's own vocabulary (r50k_base, 50257 entries) for GPT-2 folders that ship weights without tokenizer files.
 * jtokkit holds it as tiktoken ranks (token bytes -> rank = GPT-2 id). A rank table has no merge list, so one is
 * derived as in the usual tiktoken-to-Hugging-Face conversion: a token's merge is the two parts that BPE leaves
 * when it runs over the token's own bytes using only lower-ranked tokens. Merge order = rank order, which makes
 * merge-rank BPE and tiktoken's rank BPE give the same ids. The vocabulary and merges become GPT-2's tokenizer.json
 * ({@link Gpt2TokenizerJson}), which the tokenizers library runs like any other.
 */
public final class Gpt2Vocabulary {
    /** Entries in r50k_base: 50256 byte-level tokens and <|endoftext|>. */
    public static final int SIZE = 50257;
    private static volatile HfTokenizer instance;

    private Gpt2Vocabulary() {
    }

    /** The tokenizer, built once (about a second) and shared; it is immutable and thread-safe. */
    public static HfTokenizer tokenizer() {
        HfTokenizer t = instance;
        if (t == null) {
            synchronized (Gpt2Vocabulary.class) {
                if (instance == null) instance = build();
                t = instance;
            }
        }
        return t;
    }

    private static HfTokenizer build() {
        Encoding r50k = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        int eot = SIZE - 1;
        String[] tokens = new String[eot]; // (V-1) token bytes as Latin-1 strings, one char per byte
        Map<String, Integer> rank = new HashMap<>(eot * 2);
        IntArrayList one = new IntArrayList(1);
        for (int id = 0; id < eot; id++) {
            one.clear();
            one.add(id);
            tokens[id] = new String(r50k.decodeBytes(one), StandardCharsets.ISO_8859_1);
            rank.put(tokens[id], id);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String[]> merges = new ArrayList<>();
        for (int id = 0; id < eot; id++) {
            String t = tokens[id];
            vocab.put(ByteUnicode.toUnicode(t.getBytes(StandardCharsets.ISO_8859_1)), id);
            if (t.length() < 2) continue;
            List<String> parts = bpeBelow(t, id, rank);
            if (parts.size() != 2)
                throw new IllegalStateException("r50k token " + id + " does not split into two lower-ranked parts");
            merges.add(new String[]{
                    ByteUnicode.toUnicode(parts.get(0).getBytes(StandardCharsets.ISO_8859_1)),
                    ByteUnicode.toUnicode(parts.get(1).getBytes(StandardCharsets.ISO_8859_1))});
        }
        vocab.put(Gpt2TokenizerJson.END_OF_TEXT, eot);
        return HfTokenizer.read("GPT-2's vocabulary (r50k_base)", Gpt2TokenizerJson.of(vocab, merges, false), null);
    }

    /** Rank BPE over token's bytes, merging only into tokens ranked below maxRank, until no such merge is left. */
    private static List<String> bpeBelow(String token, int maxRank, Map<String, Integer> rank) {
        List<String> parts = new ArrayList<>();
        for (char c : token.toCharArray()) parts.add(String.valueOf(c));
        while (true) {
            int best = -1, bestRank = maxRank;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer r = rank.get(parts.get(i) + parts.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) return parts;
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
    }
}
