package org.attentionlens.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * What a trained checkpoint does, measured through the inference path ({@link Transformer} and
 * {@link AttentionTrace}): per-head previous-token and induction scores, and sample continuations.
 * Legend: L layers, H heads, T tokens.
 */
public final class ModelReport {
    /** Length of the random span that the induction probe repeats once. */
    static final int SPAN = 50;

    private final Transformer model;
    private final BpeVocabulary bpe;

    ModelReport(Transformer model, BpeVocabulary bpe) {
        this.model = model;
        this.bpe = bpe;
    }

    /** Loads a checkpoint folder written by the trainer. */
    public static ModelReport load(Path dir, Kernels kn) throws IOException {
        JsonObject cfg = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        ModelConfig c = GptParams.shape(dir.getFileName().toString(), cfg.get("n_layer").getAsInt(),
                cfg.get("n_head").getAsInt(), cfg.get("n_embd").getAsInt(), cfg.get("n_positions").getAsInt(),
                cfg.get("vocab_size").getAsInt());
        GptParams p = GptParams.init(c, 0);
        Checkpoint.restore(dir, p, null);
        return new ModelReport(Checkpoint.toTransformer(p, kn), BpeVocabulary.read(dir));
    }

    /**
     * (L, H) mean attention weight from position i to i − 1 over positions 1 … T−1 of each text, averaged
     * over the texts (truncated to the context).
     */
    double[][] previousTokenScores(String... texts) {
        ModelConfig c = model.config();
        double[][] score = new double[c.layers()][c.heads()];
        for (String text : texts) {
            int[] ids = bpe.encode(text);
            if (ids.length > c.context()) ids = java.util.Arrays.copyOf(ids, c.context());
            AttentionTrace trace = AttentionTrace.capture(model, tokens(ids));
            int T = ids.length;
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    HeadMatrices m = trace.head(l, h);
                    double s = 0;
                    for (int i = 1; i < T; i++) s += m.weight(i, i - 1);
                    score[l][h] += s / (T - 1) / texts.length;
                }
        }
        return score;
    }

    /**
     * (L, H) induction score: on a random span of {@link #SPAN} tokens repeated twice, the mean weight from each
     * second-half position i to i − SPAN + 1, the token after the earlier occurrence of token i;
     * averaged over trials seeded sequences.
     */
    double[][] inductionScores(int trials, long seed) {
        ModelConfig c = model.config();
        double[][] score = new double[c.layers()][c.heads()];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int trial = 0; trial < trials; trial++) {
            int[] ids = new int[2 * SPAN];
            for (int i = 0; i < SPAN; i++) ids[i] = ids[i + SPAN] = rnd.nextInt(c.vocabSize() - 1);
            AttentionTrace trace = AttentionTrace.capture(model, tokens(ids));
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    HeadMatrices m = trace.head(l, h);
                    double s = 0;
                    for (int i = SPAN; i < 2 * SPAN; i++) s += m.weight(i, i - SPAN + 1);
                    score[l][h] += s / SPAN / trials;
                }
        }
        return score;
    }

    /** prompt continued by n tokens sampled at the given temperature from the top k, with a seeded RNG. */
    String sample(String prompt, int n, float temperature, int topK, long seed) {
        ModelConfig c = model.config();
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = bpe.encode(prompt);
        KvCache cache = new KvCache(c, c.context());
        StringBuilder out = new StringBuilder(prompt);
        float[] logits = model.forward(ids, cache, ForwardObserver.NONE).logitsLast();
        for (int step = 0; step < n && cache.length() < c.context(); step++) {
            int next = pick(logits, temperature, topK, rnd);
            if (next == bpe.endOfText()) break;
            out.append(bpe.decode(new int[]{next}));
            logits = model.forward(new int[]{next}, cache, ForwardObserver.NONE).logitsLast();
        }
        return out.toString();
    }

    private static int pick(float[] logits, float temperature, int topK, SplittableRandom rnd) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = Math.min(topK, logits.length);
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) sum += p[i] = Math.exp((logits[order[i]] - logits[order[0]]) / temperature);
        double u = rnd.nextDouble() * sum;
        for (int i = 0; i < k; i++) if ((u -= p[i]) <= 0) return order[i];
        return order[k - 1];
    }

    private Tokens tokens(int[] ids) {
        int T = ids.length;
        int[] start = new int[T], end = new int[T];
        String[] display = new String[T];
        for (int t = 0; t < T; t++) display[t] = bpe.decode(new int[]{ids[t]});
        return new Tokens(ids, start, end, display);
    }

    /** Prints per-head scores and samples. */
    public void print(PrintStream out, String[] texts, String prompt, long seed) {
        double[][] prev = previousTokenScores(texts), ind = inductionScores(20, seed);
        ModelConfig c = model.config();
        out.println("head   prev-token  induction");
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++)
                out.printf("L%d.H%d  %10.3f  %9.3f%n", l, h, prev[l][h], ind[l][h]);
        for (int i = 0; i < 3; i++)
            out.printf("sample (seed %d, temperature 0.8, top-40): %s%n", seed + i,
                    sample(prompt, 40, 0.8f, 40, seed + i).replace("\n", " ⏎ "));
        out.printf("greedy: %s%n", sample(prompt, 30, 1e-4f, 1, seed).replace("\n", " ⏎ "));
    }

    /** Usage: ModelReport CHECKPOINT_DIR [TEXT_FILE …]: the texts for the previous-token score. */
    public static void main(String[] args) throws IOException {
        ModelReport r = load(Path.of(args[0]), Kernels.best());
        String[] texts = new String[Math.max(0, args.length - 1)];
        for (int i = 1; i < args.length; i++) texts[i - 1] = Files.readString(Path.of(args[i]));
        if (texts.length == 0) texts = new String[]{"The cat sat on the mat. It was a warm day, and the children "
                + "were playing in the garden while their mother read a book."};
        r.print(System.out, texts, "The cat sat on the", 42);
    }
}
