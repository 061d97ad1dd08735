package org.attentionlens.ui.lecture;

import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** Small seeded models with a word-level tokenizer, so lecture tests need no checkpoint. */
final class LectureFixtures {
    static final String CAT = "the cat sat on the mat because it was warm";
    private static final List<String> VOCAB = List.of("[CLS]", "[SEP]", "[UNK]", "the", "cat", "sat", "on", "mat",
            "because", "it", "was", "warm", "trophy", "suitcase", "big", "too", "fit", "in", "a", "dog");

    private LectureFixtures() {
    }

    /** The two recipes the lecture tests walk: a causal GPT-2 and a BERT encoder. */
    enum Kind {
        GPT2, BERT;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        boolean causal() {
            return this == GPT2;
        }
    }

    static ModelSpec config(Kind kind) {
        return kind.causal() ? ModelSpec.gpt2("tiny-gpt2", 3, 4, 32, 64, VOCAB.size(), 40, 1e-5f)
                : ModelSpec.bert("tiny-bert", 3, 4, 32, 64, VOCAB.size(), 40, 1e-5f, 2);
    }

    /** A fresh model instance; the same seed always gives the same weights. */
    static LoadedModel model(Kind kind, long seed) {
        ModelSpec c = config(kind);
        return new LoadedModel(c.id(), c.id(), RandomWeights.create(c, seed, Kernels.best()),
                new WordTokenizer(!kind.causal()));
    }

    /** Whitespace words looked up in a fixed vocabulary; encoders get [CLS] … [SEP] like BERT. */
    static final class WordTokenizer implements Tokenizer {
        private final boolean special;

        WordTokenizer(boolean special) {
            this.special = special;
        }

        @Override
        public Tokens encode(String text) {
            List<Integer> ids = new ArrayList<>(), starts = new ArrayList<>(), ends = new ArrayList<>();
            if (special) add(ids, starts, ends, 0, 0, 0);
            int i = 0;
            while (i < text.length()) {
                if (Character.isWhitespace(text.charAt(i))) {
                    i++;
                    continue;
                }
                int s = i;
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) i++;
                int id = VOCAB.indexOf(text.substring(s, i).toLowerCase(Locale.ROOT));
                add(ids, starts, ends, id < 0 ? 2 : id, s, i);
            }
            if (special) add(ids, starts, ends, 1, text.length(), text.length());
            int T = ids.size();
            int[] a = new int[T], b = new int[T], c = new int[T];
            String[] display = new String[T];
            for (int t = 0; t < T; t++) {
                a[t] = ids.get(t);
                b[t] = starts.get(t);
                c[t] = ends.get(t);
                display[t] = VOCAB.get(a[t]);
            }
            return new Tokens(a, b, c, display);
        }

        private static void add(List<Integer> ids, List<Integer> s, List<Integer> e, int id, int start, int end) {
            ids.add(id);
            s.add(start);
            e.add(end);
        }

        @Override
        public String decode(int[] ids) {
            return String.join(" ", Arrays.stream(ids).filter(id -> id > 1).mapToObj(VOCAB::get).toList());
        }

        @Override
        public String rawToken(int id) {
            return VOCAB.get(id);
        }

        @Override
        public String displayToken(int id) {
            return VOCAB.get(id);
        }

        @Override
        public int vocabSize() {
            return VOCAB.size();
        }

        @Override
        public OptionalInt endOfText() {
            return OptionalInt.empty();
        }
    }
}
