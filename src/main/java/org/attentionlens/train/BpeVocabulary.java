package org.attentionlens.train;

import com.google.gson.GsonBuilder;
import org.attentionlens.tokenizer.Gpt2TokenizerJson;
import org.attentionlens.tokenizer.HfTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.TokenizerFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learned byte-level BPE vocabulary in GPT-2's format: ids 0–255 the single bytes, then the merged tokens in
 * the order they were learned, and last {@code <|endoftext|>}. Entries are spelled with GPT-2's byte alphabet.
 * Training, inference and the app all encode it through the tokenizers library, as GPT-2's tokenizer.json.
 *
 * @param tokens (V) id → entry
 * @param merges (merges) rank r → (left id, right id); two merges may spell the same entry
 */
record BpeVocabulary(List<String> tokens, List<int[]> merges) {
    static final String END_OF_TEXT = Gpt2TokenizerJson.END_OF_TEXT;

    BpeVocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
    }

    int size() {
        return tokens.size();
    }

    /** The vocabulary as GPT-2's tokenizer.json, run by the tokenizers library. */
    HfTokenizer tokenizer() {
        return HfTokenizer.of(tokenizerJson());
    }

    /**
     * Writes tokenizer.json (what the app reads), GPT-2's vocab.json ({entry: id}) and merges.txt ("#version: 0.2",
     * then "left right" per merge) for older readers, and tokenizer_config.json.
     */
    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("vocab.json"), new GsonBuilder().disableHtmlEscaping().create().toJson(vocab()),
                StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("#version: 0.2\n");
        for (String[] m : mergePairs()) sb.append(m[0]).append(' ').append(m[1]).append('\n');
        Files.writeString(dir.resolve("merges.txt"), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GPT2Tokenizer\", "
                + "\"bos_token\": \"" + END_OF_TEXT + "\", \"eos_token\": \"" + END_OF_TEXT + "\", "
                + "\"unk_token\": \"" + END_OF_TEXT + "\", \"add_prefix_space\": false}\n");
    }

    private String tokenizerJson() {
        return Gpt2TokenizerJson.of(vocab(), mergePairs(), false);
    }

    private Map<String, Integer> vocab() {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        return vocab;
    }

    private List<String[]> mergePairs() {
        return merges.stream().map(m -> new String[]{tokens.get(m[0]), tokens.get(m[1])}).toList();
    }

    /** The tokenizer of a checkpoint folder (tokenizer.json, or vocab.json + merges.txt from before it was written). */
    static Tokenizer read(Path dir) throws IOException {
        Map<String, String> files = new HashMap<>();
        for (String f : TokenizerFolder.FILES)
            if (Files.isRegularFile(dir.resolve(f))) files.put(f, Files.readString(dir.resolve(f)));
        return TokenizerFolder.tokenizer(files)
                .orElseThrow(() -> new IOException(dir + " has no tokenizer.json (or vocab.json and merges.txt) to resume with"));
    }
}
