package org.attentionlens.train;

import org.attentionlens.model.ModelSpec;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training loop: data-parallel over the batch (each worker thread runs its share of the sequences through
 * its own {@link GptPass}, gradients are summed), global-norm clipping, AdamW with warm-up and cosine decay,
 * progress on the console, validation loss, and checkpoints every few minutes and at the end.
 * Batches depend only on (seed, step), so a resumed run sees the same data as an uninterrupted one.
 */
public final class Trainer {
    private static final int VAL_WINDOWS = 64;

    private final TrainSettings s;
    private final Path out;
    private final Kernels kn;
    private final PrintStream log;

    public Trainer(TrainSettings settings, Path out, Kernels kn, PrintStream log) {
        this.s = settings;
        this.out = out;
        this.kn = kn;
        this.log = log;
    }

    /** What a run ended with. */
    public record Result(long steps, double trainLoss, double valLoss, double unigramBaseline, double seconds) {
    }

    /** Trains from scratch, or from out's checkpoint when resume is set; returns the final losses. */
    public Result run(boolean resume) throws IOException, InterruptedException {
        return run(resume, Long.MAX_VALUE);
    }

    /**
     * As {@link #run(boolean)}, but stops (with a checkpoint) after step stopAt while keeping the learning-rate
     * schedule planned for all the settings' steps: a run can be continued later, with other settings, from a
     * chosen step.
     */
    public Result run(boolean resume, long stopAt) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> docs = TrainingData.readDocuments(Path.of(s.corpus()));
        boolean[] held = TrainingData.holdOut(docs.size(), s.valFraction(), s.seed());
        Tokenizer tokenizer;
        if (resume) tokenizer = BpeVocabulary.read(out);
        else {
            long t0 = System.nanoTime();
            List<String> trainDocs = new ArrayList<>();
            for (int i = 0; i < docs.size(); i++) if (!held[i]) trainDocs.add(docs.get(i));
            BpeVocabulary bpe = BpeTrainer.train(trainDocs, s.vocabSize());
            bpe.write(out);
            tokenizer = bpe.tokenizer();
            log.printf("BPE: %d tokens learned from %d training documents in %.1f s%n", bpe.size(), trainDocs.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        TrainingData data = TrainingData.tokenize(docs, held, tokenizer);
        double unigram = data.unigramBaseline();
        ModelSpec c = GptParams.shape("trained", s.layers(), s.heads(), s.dModel(), s.context(), tokenizer.vocabSize());
        GptParams p = GptParams.init(c, s.seed());
        AdamW opt = new AdamW(p, 0.9f, 0.95f, 1e-8f, s.weightDecay());
        long step = 0;
        if (resume) {
            Checkpoint.restore(out, p, opt);
            step = Checkpoint.readStep(out);
        }
        log.printf("corpus: %d documents (%d held out), %,d training / %,d validation tokens; unigram baseline %.4f nats%n",
                docs.size(), count(held), data.trainTokens(), data.valTokens(), unigram);
        log.printf("model: %d layers, %d heads, d_model %d, context %d, vocab %d: %,d parameters; kernels %s, %d threads%n",
                c.layers(), c.heads(), c.dModel(), c.context(), c.vocabSize(), p.count(), kn.name(), s.threads());
        log.printf("%s at step %d of %d%n", resume ? "resuming" : "starting", step, s.steps());

        int workers = Math.min(s.threads(), s.batch());
        int[] share = new int[workers]; // sequences per worker
        for (int i = 0; i < s.batch(); i++) share[i % workers]++;
        GptPass[] passes = new GptPass[workers];
        float[][][] grads = new float[workers][][];
        for (int w = 0; w < workers; w++) {
            passes[w] = new GptPass(kn, c, share[w]);
            grads[w] = p.newGradients();
        }
        GptPass[] valPasses = new GptPass[workers]; // one window at a time
        for (int w = 0; w < workers; w++) valPasses[w] = new GptPass(kn, c, 1);
        int T = s.context();
        int[][] valWindows = data.validationWindows(T, VAL_WINDOWS);
        HeadWatch heads = new HeadWatch(out, kn, java.util.Arrays.copyOf(valWindows[0], T));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long started = System.nanoTime(), lastSave = started, firstStep = step;
        double lossSum = 0, lastTrain = Double.NaN, lastVal = Double.NaN;
        int lossCount = 0;
        try {
            long end = Math.min(s.steps(), stopAt);
            while (step < end) {
                float lr = AdamW.schedule(step, s.steps(), s.warmup(), s.lr());
                int[] ids = new int[s.batch() * T], targets = new int[s.batch() * T];
                data.batch(new SplittableRandom(s.seed() * 1_000_003L + step), s.batch(), T, s.repeatShare(), ids, targets);
                float scale = 1f / (s.batch() * T);
                List<Future<Double>> parts = new ArrayList<>();
                int offset = 0;
                for (int w = 0; w < workers; w++) {
                    int from = offset * T, to = (offset + share[w]) * T, ww = w;
                    offset += share[w];
                    parts.add(pool.submit(() -> passes[ww].forwardBackward(p,
                            java.util.Arrays.copyOfRange(ids, from, to), java.util.Arrays.copyOfRange(targets, from, to),
                            grads[ww], scale)));
                }
                double loss = 0;
                for (Future<Double> f : parts) loss += get(f);
                for (int w = 1; w < workers; w++)
                    for (int i = 0; i < grads[0].length; i++) kn.add(grads[0][i], grads[w][i], grads[0][i].length);
                double norm = AdamW.clip(grads[0], s.gradClip());
                step++;
                opt.step(p.all(), grads[0], lr, step);
                lossSum += loss * scale;
                lossCount++;
                boolean last = step == end;
                if (step % 10 == 0 || last) {
                    double secs = (System.nanoTime() - started) / 1e9;
                    double tokPerSec = (step - firstStep) * (double) s.batch() * T / secs;
                    double eta = (end - step) * secs / (step - firstStep);
                    lastTrain = lossSum / lossCount;
                    log.printf("step %6d/%d  loss %.4f  lr %.2e  |g| %.2f  %,.0f tok/s  elapsed %s  ETA %s%n", step,
                            s.steps(), lastTrain, lr, norm, tokPerSec, clock(secs), clock(eta));
                    lossSum = 0;
                    lossCount = 0;
                }
                if (step % s.evalEvery() == 0 || last) {
                    lastVal = validate(pool, valPasses, p, valWindows);
                    log.printf("step %6d  validation loss %.4f  (unigram baseline %.4f)%n", step, lastVal, unigram);
                    log.printf("step %6d  heads: %s%n", step, heads.measure(p).describe());
                }
                if (last || (System.nanoTime() - lastSave) / 60e9 >= s.saveMinutes()) {
                    save(p, opt, step);
                    lastSave = System.nanoTime();
                    log.printf("step %6d  checkpoint saved to %s%n", step, out);
                }
            }
            if (firstStep >= end) lastVal = validate(pool, valPasses, p, valWindows);
        } finally {
            pool.shutdownNow();
        }
        String warning = warning(step, s.warmup(), lastVal, unigram);
        if (warning != null) log.println(warning);
        log.flush();
        return new Result(step, lastTrain, lastVal, unigram, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A run that stops with a validation loss above the unigram baseline has learned less than word frequencies;
     * when it also stopped during the warm-up the learning rate never reached its peak. Both say: train longer.
     * Null when there is nothing to warn about.
     */
    static String warning(long step, long warmup, double valLoss, double unigram) {
        if (!(valLoss > unigram)) return null;
        String why = step < warmup
                ? String.format(java.util.Locale.ROOT, " It stopped at step %d, still warming up (--warmup %d): the "
                + "learning rate never reached its peak.", step, warmup) : "";
        return String.format(java.util.Locale.ROOT, "warning: validation loss %.4f is above the unigram baseline %.4f: "
                + "the model predicts worse than word frequencies alone.%s Train for more --steps (or --resume).",
                valLoss, unigram, why);
    }

    private void save(GptParams p, AdamW opt, long step) throws IOException {
        Checkpoint.writeModel(out, p);
        Checkpoint.writeOptimizer(out, p, opt, step, s);
    }

    /** Mean cross-entropy over the validation windows, one window per task, spread over the workers. */
    private double validate(ExecutorService pool, GptPass[] passes, GptParams p, int[][] windows) {
        int T = s.context(), W = windows[0].length / T;
        List<Future<Double>> parts = new ArrayList<>();
        for (int w = 0; w < passes.length; w++) {
            GptPass pass = passes[w];
            int first = w;
            parts.add(pool.submit(() -> {
                double sum = 0;
                for (int i = first; i < W; i += passes.length)
                    sum += pass.forward(p, java.util.Arrays.copyOfRange(windows[0], i * T, (i + 1) * T),
                            java.util.Arrays.copyOfRange(windows[1], i * T, (i + 1) * T));
                return sum;
            }));
        }
        double total = 0;
        for (Future<Double> f : parts) total += get(f);
        return total / ((double) W * T);
    }

    private static double get(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a training worker failed: " + e.getCause(), e.getCause());
        }
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) if (x) n++;
        return n;
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
