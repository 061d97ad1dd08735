package org.attentionlens.fuzz;

import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.TokenizerFolder;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Tokenizer files of each kind, mutated, through the reader a model folder uses ({@link TokenizerFolder}): a
 * tokenizer.json of each model type (byte-level BPE, WordPiece, SentencePiece-style BPE with byte fallback, Unigram),
 * GPT-2's vocab.json + merges.txt and BERT's vocab.txt, each with its tokenizer_config.json. Allowed: a tokenizer
 * that then encodes and decodes without an exception, no tokenizer, or an IllegalArgumentException (the tokenizer
 * package's user error) with a clean message naming the file.
 */
class TokenizerFileFuzzTest {
    static final String SUITE = "tokenizer files";
    private static final String TEXT = "The cat sat on the mat. Naïve café, 日本語 😀 \u0000 \u202e";
    private static final String CONFIG = "tokenizer_config.json";

    @Test
    void byteLevelTokenizerJson() {
        FuzzInputs.run(SUITE, rnd -> fuzz("byte-level tokenizer.json", files("/hf-reference/llama3-gqa", "tokenizer.json", CONFIG), rnd));
    }

    @Test
    void wordPieceTokenizerJson() {
        FuzzInputs.run(SUITE, rnd -> fuzz("wordpiece tokenizer.json", files("/hf-reference/bert", "tokenizer.json", CONFIG), rnd));
    }

    @Test
    void sentencePieceAndUnigramTokenizerJson() {
        FuzzInputs.run(SUITE, rnd -> {
            boolean unigram = rnd.nextBoolean();
            String file = unigram ? "unigram.json" : "sentencepiece-bpe.json";
            Map<String, String> files = new TreeMap<>(Map.of("tokenizer.json", read(Seeds.resource("/tokenizers").resolve(file))));
            fuzz(unigram ? "unigram tokenizer.json" : "sentencepiece tokenizer.json", files, rnd);
        });
    }

    @Test
    void vocabJsonAndMerges() {
        FuzzInputs.run(SUITE, rnd -> fuzz("vocab.json + merges.txt", files("/models/brown-gpt", "vocab.json", "merges.txt", CONFIG), rnd));
    }

    @Test
    void vocabTxt() {
        FuzzInputs.run(SUITE, rnd -> fuzz("vocab.txt", files("/hf-reference/bert", "vocab.txt", CONFIG), rnd));
    }

    @AfterAll
    static void report() {
        FuzzReport.print(SUITE);
    }

    private static void fuzz(String seed, Map<String, String> files, Random rnd) throws Exception {
        List<Edit> edits = Edit.random(rnd, Edit.Kind.BYTE_FLIP, Edit.Kind.TRUNCATE, Edit.Kind.TYPE_SWAP,
                Edit.Kind.HUGE_NUMBER, Edit.Kind.DROP_KEY, Edit.Kind.DUPLICATE, Edit.Kind.LINE_EDIT, Edit.Kind.DELETE_FILE);
        List<String> names = new ArrayList<>(files.keySet());
        names.add("vocab.json/merges.txt");
        for (Edit e : edits) {
            List<String> present = new ArrayList<>(files.keySet());
            if (present.isEmpty()) break;
            String name = present.get(e.file() % present.size());
            if (e.kind() == Edit.Kind.DELETE_FILE) files.remove(name);
            else files.put(name, new String(ContentEdits.apply(files.get(name).getBytes(StandardCharsets.UTF_8), name,
                    e.kind(), new Random(e.seed())), StandardCharsets.UTF_8));
        }
        long t0 = System.nanoTime();
        String outcome;
        try {
            outcome = TimeLimit.run(() -> read(files, names));
        } catch (Exception | AssertionError e) {
            throw new AssertionError(seed + " " + edits + ": " + e.getMessage(), e);
        }
        FuzzReport.record(SUITE, seed, Edit.label(edits), outcome, System.nanoTime() - t0);
    }

    private static String read(Map<String, String> files, List<String> names) {
        Optional<Tokenizer> tok;
        try {
            tok = TokenizerFolder.tokenizer(files);
        } catch (IllegalArgumentException e) {
            String problem = Messages.problem(e.getMessage(), e, names);
            if (problem != null) throw new AssertionError(problem + ": " + e.getMessage(), e);
            return "refused";
        }
        if (tok.isEmpty()) return "ok";
        Tokens t = tok.get().encode(TEXT);
        FuzzTokenizers.checkSpans("tokenizer", TEXT, t, tok.get().vocabSize());
        tok.get().decode(t.ids());
        for (int id : t.ids()) tok.get().tokenString(id);
        return "ok";
    }

    private static Map<String, String> files(String folder, String... names) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String n : names) files.put(n, read(Seeds.resource(folder).resolve(n)));
        return files;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
