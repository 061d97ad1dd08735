package org.attentionlens.train;

import com.google.gson.GsonBuilder;
import org.attentionlens.tokenizer.ByteLevelBpeTokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learned byte-level BPE vocabulary in GPT-2's format: ids 0–255 the single bytes, then the merged tokens in
 * the order they were learned, and last {@code <|endoftext|>}. Entries are spelled with GPT-2's byte alphabet.
 *
 * @param tokens (V) id → entry
 * @param merges (merges) rank r → (left id, right id); two merges may spell the same entry
 */
record BpeVocabulary(List<String> tokens, List<int[]> merges) {
    static final String END_OF_TEXT = ByteLevelBpeTokenizer.END_OF_TEXT;

    BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }

    int size() {
        return tokens.size();
    }

    /** The project's GPT-2 tokenizer over this vocabulary: what training, inference and the app all encode with. */
    ByteLevelBpeTokenizer tokenizer() {
        return new ByteLevelBpeTokenizer(vocab(), mergePairs(), Map.of(END_OF_TEXT, size() - 1));
    }

    /** Writes vocab.json ({entry: id}), merges.txt ("#version: 0.2", then "left right" per merge) and tokenizer_config.json. */
    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("vocab.json"), new GsonBuilder().disableHtmlEscaping().create().toJson(vocab()),
                StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("#version: 0.2\n");
        for (String[] m : mergePairs()) sb.append(m[0]).append(' ').append(m[1]).append('\n');
        Files.writeString(dir.resolve("merges.txt"), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GPT2Tokenizer\", "
                + "\"bos_token\": \"" + END_OF_TEXT + "\", \"eos_token\": \"" + END_OF_TEXT + "\", "
                + "\"unk_token\": \"" + END_OF_TEXT + "\", \"add_prefix_space\": false}\n");
    }

    private Map<String, Integer> vocab() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        return vocab;
    }

    private List<String[]> mergePairs() {
        return merges.stream().map(m -> new String[]{tokens.get(m[0]), tokens.get(m[1])}).toList();
    }

    /** The tokenizer of a checkpoint folder (vocab.json + merges.txt). */
    static ByteLevelBpeTokenizer read(Path dir) throws IOException {
        return ByteLevelBpeTokenizer.fromVocabAndMerges(Files.readString(dir.resolve("vocab.json")),
                Files.readString(dir.resolve("merges.txt")));
    }
}
