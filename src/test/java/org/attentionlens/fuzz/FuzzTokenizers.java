package org.attentionlens.fuzz;

import org.attentionlens.io.MiniLm;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.tokenizer.BertTokenizerJson;
import org.attentionlens.tokenizer.Gpt2Vocabulary;
import org.attentionlens.tokenizer.HfTokenizer;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One tokenizer of every kind the app runs, built once: byte-level BPE from vocab.json + merges.txt (brown-gpt), from
 * GPT-2's own vocabulary and from a tokenizer.json (Llama 3 style); WordPiece from a tokenizer.json, a vocab.txt and
 * the built-in MiniLM; SentencePiece-style BPE with byte fallback; Unigram; and token ids only.
 */
final class FuzzTokenizers {
    /** Byte-level tokenizers give any valid text back exactly: decode(encode(s)) == s. */
    static final Set<String> BYTE_LEVEL = Set.of("brown-gpt", "gpt2-r50k", "llama3-tokenizer.json");
    private static final Map<String, Tokenizer> ALL = build();

    private FuzzTokenizers() {
    }

    static Map<String, Tokenizer> all() {
        return ALL;
    }

    /** The checks every tokenization must pass: ids in the vocabulary, spans in order and within the text. */
    static void checkSpans(String name, String text, Tokens t, int vocabSize) {
        for (int i = 0; i < t.size(); i++) {
            int s = t.start()[i], e = t.end()[i];
            if (s < 0 || s > e || e > text.length())
                throw new AssertionError(name + ": span " + s + "…" + e + " of token " + i + " outside a text of " + text.length());
            if (i > 0 && (s < t.start()[i - 1] || e < t.end()[i - 1]))
                throw new AssertionError(name + ": token " + i + " spans " + s + "…" + e + ", before token " + (i - 1));
            if (t.ids()[i] < 0 || t.ids()[i] >= vocabSize) throw new AssertionError(name + ": id " + t.ids()[i]);
            if (t.display()[i] == null) throw new AssertionError(name + ": no display string");
        }
    }

    private static Map<String, Tokenizer> build() {
        try {
            Map<String, Tokenizer> m = new LinkedHashMap<>();
            m.put("brown-gpt", ModelRegistry.load(ModelRegistry.BROWN_GPT, Progress.NONE).tokenizer());
            m.put("gpt2-r50k", Gpt2Vocabulary.tokenizer());
            m.put("llama3-tokenizer.json", HfTokenizer.of(text(Seeds.resource("/hf-reference/llama3-gqa").resolve("tokenizer.json"))));
            m.put("bert-tokenizer.json", HfTokenizer.of(text(Seeds.resource("/hf-reference/bert").resolve("tokenizer.json"))));
            m.put("bert-vocab.txt", BertTokenizerJson.tokenizer(text(Seeds.resource("/hf-reference/bert").resolve("vocab.txt")), null));
            m.put("minilm", MiniLm.tokenizer());
            m.put("sentencepiece-bpe", HfTokenizer.of(text(Seeds.resource("/tokenizers").resolve("sentencepiece-bpe.json"))));
            m.put("unigram", HfTokenizer.of(text(Seeds.resource("/tokenizers").resolve("unigram.json"))));
            m.put("ids-only", new IdsOnlyTokenizer(1000));
            return m;
        } catch (ModelLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
