package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The induction probe of Olsson et al. (2022): a seeded random sequence of n ordinary tokens repeated twice,
 * [special prefix] r_0 … r_{n−1} r_0 … r_{n−1} [special suffix], run through the model; a head's induction score
 * is the mean weight from each position of the second copy to the position after the same token in the first.
 * Legend as in {@link ModelSpec}; n the half length.
 */
public final class InductionProbe {
    /** Half length of the probe when the context allows: 2 × 50 tokens. */
    public static final int HALF = 50;
    /** Below this half length the score says little and is reported as missing. */
    public static final int MIN_HALF = 4;
    /** Vocabulary entries that look like special tokens: [CLS], [unused3], <|endoftext|>, <pad>. */
    private static final Pattern SPECIAL = Pattern.compile("\\[.+]|<.+>");

    private InductionProbe() {
    }

    /**
     * The probe's result.
     *
     * @param ids       the sequence run, specials included
     * @param firstCopy position of r_0 in the first copy
     * @param half      n
     * @param scores    (L)(H) induction score of every head
     */
    public record Result(int[] ids, int firstCopy, int half, double[][] scores) {
        public Result {
            ids = ids.clone();
            scores = copy(scores);
        }

        public double score(int layer, int head) {
            return scores[layer][head];
        }

        @Override
        public int[] ids() {
            return ids.clone();
        }

        @Override
        public double[][] scores() {
            return copy(scores);
        }

        private static double[][] copy(double[][] a) {
            double[][] out = new double[a.length][];
            for (int l = 0; l < a.length; l++) out[l] = a[l].clone();
            return out;
        }
    }

    /** Runs the probe; empty when the context is too short for a half of {@link #MIN_HALF} tokens. */
    public static Optional<Result> run(Transformer model, Tokenizer tokenizer, long seed) {
        ModelSpec c = model.config();
        int[] wrap = tokenizer.encode("").ids(); // BERT: [CLS] [SEP]; GPT-2: none
        int prefix = wrap.length > 0 ? 1 : 0, suffix = wrap.length > 1 ? 1 : 0;
        int half = Math.min(HALF, (c.context() - prefix - suffix) / 2);
        if (half < MIN_HALF) return Optional.empty();
        int[] ids = new int[prefix + 2 * half + suffix];
        if (prefix == 1) ids[0] = wrap[0];
        if (suffix == 1) ids[ids.length - 1] = wrap[wrap.length - 1];
        int[] r = randomTokens(ordinaryTokens(c, tokenizer, wrap), half, seed);
        System.arraycopy(r, 0, ids, prefix, half);
        System.arraycopy(r, 0, ids, prefix + half, half);
        AttentionTrace trace = AttentionTrace.capture(model, tokens(ids));
        double[][] scores = new double[c.layers()][c.heads()];
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) scores[l][h] = score(trace.head(l, h), prefix, half);
        return Optional.of(new Result(ids, prefix, half, scores));
    }

    /**
     * Mean over the second copy's positions i = first + n + t (t = 0 … n−1) of α at key i − n + 1, the position
     * after the same token's first occurrence.
     */
    public static double score(HeadMatrices m, int first, int half) {
        double sum = 0;
        for (int t = 0; t < half; t++) {
            int i = first + half + t;
            sum += m.weight(i, i - half + 1);
        }
        return sum / half;
    }

    /** The ids to draw from: the vocabulary without the end-of-text token, the wrap and special-looking entries. */
    static int[] ordinaryTokens(ModelSpec c, Tokenizer tokenizer, int[] wrap) {
        Set<Integer> special = new HashSet<>();
        for (int id : wrap) special.add(id);
        tokenizer.endOfText().ifPresent(special::add);
        int V = Math.min(c.vocabSize(), tokenizer.vocabSize());
        int[] ok = new int[V];
        int n = 0;
        for (int id = 0; id < V; id++)
            if (!special.contains(id) && !SPECIAL.matcher(tokenizer.rawToken(id)).matches()) ok[n++] = id;
        if (n == 0) throw new IllegalArgumentException("the vocabulary has no ordinary tokens to probe with");
        return Arrays.copyOf(ok, n);
    }

    /** n ids drawn uniformly with replacement from pool, seeded. */
    static int[] randomTokens(int[] pool, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = pool[rnd.nextInt(pool.length)];
        return out;
    }

    private static Tokens tokens(int[] ids) {
        int T = ids.length;
        String[] display = new String[T];
        Arrays.fill(display, "");
        return new Tokens(ids, new int[T], new int[T], display);
    }
}
