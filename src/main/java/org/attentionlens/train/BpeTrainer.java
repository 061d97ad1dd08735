package org.attentionlens.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.attentionlens.tokenizer.ByteUnicode;

/**
 * Learns a byte-level BPE vocabulary from texts: count GPT-2 pre-tokenized pieces, start from the 256 bytes,
 * and repeatedly merge the most frequent adjacent pair (ties: the smaller pair of ids) until the vocabulary
 * has vocabSize entries including {@code <|endoftext|>}. Pair counts are updated only for the pieces a merge touches.
 */
final class BpeTrainer {
    /**
     * GPT-2's pre-tokenizer, which the ByteLevel pre-tokenizer of the trained tokenizer.json applies too:
     * contractions, letters, digits, other symbols, each optionally after one space. Merges are learned within
     * these pieces, never across them.
     */
    private static final Pattern PIECES = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private BpeTrainer() {
    }

    static BpeVocabulary train(List<String> texts, int vocabSize) {
        if (vocabSize < 258) throw new IllegalArgumentException("--vocab-size must be at least 258 (256 bytes, one merge, end-of-text)");
        Map<String, Integer> pieceCounts = new HashMap<>();
        for (String text : texts) {
            Matcher m = PIECES.matcher(text);
            while (m.find()) pieceCounts.merge(m.group(), 1, Integer::sum);
        }
        int[] idOfByte = new int[256]; // GPT-2's order: bytes that print as themselves first
        List<String> tokens = new ArrayList<>();
        for (boolean printable : new boolean[]{true, false})
            for (int b = 0; b < 256; b++) {
                String entry = ByteUnicode.toUnicode(b);
                if ((entry.charAt(0) == b) != printable) continue;
                idOfByte[b] = tokens.size();
                tokens.add(entry);
            }
        int W = pieceCounts.size();
        int[][] words = new int[W][];  // (W)(symbols) each piece as token ids
        long[] counts = new long[W];   // (W)
        int w = 0;
        for (var e : pieceCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            words[w] = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) words[w][i] = idOfByte[bytes[i] & 0xFF];
            counts[w++] = e.getValue();
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        for (int i = 0; i < W; i++) countPairs(words[i], counts[i], i, pairCounts, pairWords, 1);

        List<int[]> merges = new ArrayList<>(); // (left id, right id)
        Map<String, Integer> idOf = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) idOf.put(tokens.get(i), i);
        while (tokens.size() < vocabSize - 1) {
            long best = -1, bestCount = 1;
            for (var e : pairCounts.entrySet()) {
                long n = e.getValue();
                if (n > bestCount || (n == bestCount && best >= 0 && e.getKey() < best)) {
                    best = e.getKey();
                    bestCount = n;
                }
            }
            if (best < 0) break; // every remaining pair occurs once: nothing worth merging
            int a = (int) (best >> 32), b = (int) best;
            String token = tokens.get(a) + tokens.get(b);
            Integer known = idOf.get(token); // another pair already made this token: a merge line, no new id
            int merged = known != null ? known : tokens.size();
            if (known == null) {
                tokens.add(token);
                idOf.put(token, merged);
            }
            merges.add(new int[]{a, b});
            for (int i : pairWords.remove(best)) {
                countPairs(words[i], counts[i], i, pairCounts, null, -1);
                words[i] = merge(words[i], a, b, merged);
                countPairs(words[i], counts[i], i, pairCounts, pairWords, 1);
            }
        }
        tokens.add(BpeVocabulary.END_OF_TEXT);
        return new BpeVocabulary(tokens, merges);
    }

    /** Adds sign · count for each adjacent pair of word to pairCounts (dropping pairs that reach 0). */
    private static void countPairs(int[] word, long count, int index, Map<Long, Long> pairCounts,
                                   Map<Long, Set<Integer>> pairWords, int sign) {
        for (int i = 0; i + 1 < word.length; i++) {
            long k = ((long) word[i] << 32) | word[i + 1];
            long n = pairCounts.getOrDefault(k, 0L) + sign * count;
            if (n <= 0) pairCounts.remove(k);
            else pairCounts.put(k, n);
            if (pairWords != null) pairWords.computeIfAbsent(k, x -> new HashSet<>()).add(index);
        }
    }

    private static int[] merge(int[] word, int a, int b, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                out[n++] = merged;
                i++;
            } else out[n++] = word[i];
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
