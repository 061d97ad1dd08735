package org.attentionlens.cli;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.train.Checkpoint;
import org.attentionlens.train.TrainSettings;
import org.attentionlens.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Trains a GPT-2-style model on any UTF-8 text and writes Hugging Face GPT-2 checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a small GPT-2 (and its byte-level BPE tokenizer) on UTF-8 text; writes a Hugging Face "
                + "GPT-2 folder (config.json, model.safetensors, vocab.json, merges.txt) plus optimizer state to resume.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--corpus", description = "A UTF-8 text file (documents = paragraphs) or a folder of them (documents = files).")
    Path corpus;
    @Option(names = "--out", required = true, description = "Checkpoint folder.")
    Path out;
    @Option(names = "--stop-at", paramLabel = "STEP", description = "Stop with a checkpoint after this step, keeping "
            + "the learning-rate schedule of --steps (continue later with --resume, possibly with other settings).")
    Long stopAt;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out (same settings; --steps may be raised).")
    boolean resume;
    @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks. Default: ${DEFAULT-VALUE}.") int layers;
    @Option(names = "--heads", defaultValue = "4", description = "Attention heads per block. Default: ${DEFAULT-VALUE}.") int heads;
    @Option(names = "--d-model", defaultValue = "128", description = "Model width, a multiple of --heads. Default: ${DEFAULT-VALUE}.") int dModel;
    @Option(names = "--context", defaultValue = "128", description = "Tokens per training window (the model's context). Default: ${DEFAULT-VALUE}.") int context;
    @Option(names = "--vocab-size", defaultValue = "4096", description = "Byte-level BPE vocabulary to learn from the corpus. Default: ${DEFAULT-VALUE}.") int vocabSize;
    @Option(names = "--steps", defaultValue = "2000", description = "Optimizer steps planned (the cosine schedule's length). Default: ${DEFAULT-VALUE}.") long steps;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights, the held-out documents and the batches. Default: ${DEFAULT-VALUE}.") long seed;
    @Option(names = "--batch", defaultValue = "16", description = "Sequences per step.") int batch;
    @Option(names = "--lr", description = "Peak learning rate. Default 3e-3; on --resume, the run's own unless given.")
    Float lr;
    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps.") long warmup;
    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.") float weightDecay;
    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Clip the gradients' global norm to this. Default: ${DEFAULT-VALUE}.") float gradClip;
    @Option(names = "--val-fraction", defaultValue = "0.05", description = "Share of documents held out.") double valFraction;
    @Option(names = "--repeat-share", description = "Share of training windows that are a random token span repeated "
            + "(teaches induction heads). Default 0.08; on --resume, the run's own unless given.")
    Double repeatShare;
    @Option(names = "--threads", description = "Worker threads (default: all cores).") Integer threads;
    @Option(names = "--eval-every", defaultValue = "100", description = "Steps between validation losses.") int evalEvery;
    @Option(names = "--save-minutes", defaultValue = "4", description = "Minutes between checkpoints.") double saveMinutes;

    @Override
    public Integer call() throws Exception {
        TrainSettings settings;
        try {
            if (resume) {
                if (!Files.isRegularFile(out.resolve(Checkpoint.STATE))) {
                    System.err.println("Nothing to resume: " + out + " has no " + Checkpoint.STATE + ".");
                    return 2;
                }
                TrainSettings old = Checkpoint.readSettings(out);
                settings = new TrainSettings(corpus != null ? corpus.toString() : old.corpus(), old.layers(), old.heads(),
                        old.dModel(), old.context(), old.vocabSize(), Math.max(steps, 1), old.seed(), old.batch(), lr != null ? lr : old.lr(),
                        old.warmup(), old.weightDecay(), old.gradClip(), old.valFraction(), repeatShare != null ? repeatShare : old.repeatShare(),
                        threads != null ? threads : old.threads(), evalEvery, saveMinutes);
            } else {
                if (corpus == null) {
                    System.err.println("Give --corpus FILE|DIR (or --resume to continue a run in --out).");
                    return 2;
                }
                settings = new TrainSettings(corpus.toString(), layers, heads, dModel, context, vocabSize, steps, seed,
                        batch, lr != null ? lr : 3e-3f, warmup, weightDecay, gradClip, valFraction, repeatShare != null ? repeatShare : 0.08,
                        threads != null ? threads : Runtime.getRuntime().availableProcessors(), evalEvery, saveMinutes);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            Trainer.Result r = new Trainer(settings, out, Kernels.best(), System.out).run(resume, stopAt != null ? stopAt : Long.MAX_VALUE);
            System.out.printf("done: %d steps, train loss %.4f, validation loss %.4f, unigram baseline %.4f, %.0f s%n",
                    r.steps(), r.trainLoss(), r.valLoss(), r.unigramBaseline(), r.seconds());
            return 0;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("Cannot read or write the checkpoint in " + out + ": " + e.getMessage());
            return 1;
        }
    }
}
