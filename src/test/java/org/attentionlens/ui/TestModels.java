package org.attentionlens.ui;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.io.ModelProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Small seeded random models and a word-piece tokenizer for view-model and robot tests that need no
 * checkpoint: "test-bert" (encoder) and "test-gpt" (causal). Folders go to the real registry, so its
 * error messages are the ones tested.
 */
public final class TestModels implements ModelProvider {
    public static final String BERT = "test-bert", GPT = "test-gpt";
    public static final int CONTEXT = 48;

    private static final java.util.Map<String, LoadedModel> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The real registry, each built-in loaded once per test JVM (weights are read-only, so sharing is safe).
     * Folders are always loaded afresh.
     */
    public static final ModelProvider REAL_CACHED = new ModelProvider() {
        @Override
        public LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
            if (!ModelRegistry.builtIns().contains(idOrFolder)) return ModelRegistry.load(idOrFolder, progress);
            LoadedModel m = LOADED.get(idOrFolder);
            if (m == null) LOADED.put(idOrFolder, m = ModelRegistry.load(idOrFolder, progress));
            return m;
        }

        @Override
        public List<String> builtIns() {
            return ModelRegistry.builtIns();
        }
    };

    @Override
    public LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
        progress.report(0.5, "Making random weights…");
        return switch (idOrFolder) {
            case BERT -> model(BERT, false);
            case GPT -> model(GPT, true);
            default -> ModelRegistry.load(idOrFolder, progress);
        };
    }

    @Override
    public List<String> builtIns() {
        return List.of(BERT, GPT);
    }

    private static LoadedModel model(String id, boolean causal) {
        ModelSpec c = causal ? ModelSpec.gpt2(id, 3, 4, 64, 128, WordTokenizer.V, CONTEXT, 1e-5f)
                : ModelSpec.bert(id, 3, 4, 64, 128, WordTokenizer.V, CONTEXT, 1e-5f, 2);
        return new LoadedModel(id, id + " (3×4, random)", RandomWeights.create(c, 7, Kernels.scalar()),
                new WordTokenizer(!causal));
    }

    /** Words (split at spaces and punctuation), long words cut into 4-character pieces marked "##". */
    public static final class WordTokenizer implements Tokenizer {
        static final int V = 1000, CLS = 1, SEP = 2;
        private final boolean specials;

        public WordTokenizer(boolean specials) {
            this.specials = specials;
        }

        @Override
        public Tokens encode(String text) {
            List<int[]> spans = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            List<Integer> ids = new ArrayList<>();
            if (specials) add(ids, spans, shown, CLS, 0, 0, "[CLS]");
            int i = 0, n = text.length();
            while (i < n) {
                int cp = text.codePointAt(i);
                if (Character.isWhitespace(cp)) {
                    i += Character.charCount(cp);
                    continue;
                }
                int j = i;
                if (Character.isLetterOrDigit(cp)) {
                    while (j < n && (Character.isLetterOrDigit(text.codePointAt(j)) || Character.getType(text.codePointAt(j)) == Character.NON_SPACING_MARK))
                        j += Character.charCount(text.codePointAt(j));
                } else {
                    j += Character.charCount(cp);
                    while (j < n && Character.getType(text.codePointAt(j)) == Character.NON_SPACING_MARK) j++;
                }
                for (int p = i; p < j; ) {
                    int q = j - p > 6 ? p + 4 : j;
                    if (Character.isHighSurrogate(text.charAt(q - 1)) && q < j) q++;
                    String piece = text.substring(p, q);
                    add(ids, spans, shown, 3 + Math.floorMod((p > i ? "##" + piece : piece).toLowerCase().hashCode(), V - 3), p, q, piece);
                    p = q;
                }
                i = j;
            }
            if (specials) add(ids, spans, shown, SEP, n, n, "[SEP]");
            int T = ids.size();
            int[] a = new int[T], s = new int[T], e = new int[T];
            for (int t = 0; t < T; t++) {
                a[t] = ids.get(t);
                s[t] = spans.get(t)[0];
                e[t] = spans.get(t)[1];
            }
            return new Tokens(a, s, e, shown.toArray(String[]::new));
        }

        private static void add(List<Integer> ids, List<int[]> spans, List<String> shown, int id, int s, int e, String d) {
            ids.add(id);
            spans.add(new int[]{s, e});
            shown.add(d);
        }

        @Override
        public String decode(int[] ids) {
            throw new UnsupportedOperationException("hash ids cannot be decoded");
        }

        @Override
        public String rawToken(int id) {
            return id == CLS ? "[CLS]" : id == SEP ? "[SEP]" : "#" + id;
        }

        @Override
        public String displayToken(int id) {
            return rawToken(id);
        }

        @Override
        public int vocabSize() {
            return V;
        }

        @Override
        public OptionalInt endOfText() {
            return OptionalInt.empty();
        }
    }
}
