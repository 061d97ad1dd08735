package org.attentionlens.train;

/**
 * Everything that defines a training run, saved with each checkpoint so a run can resume as it started.
 *
 * @param repeatShare share of training windows that are a random token span repeated (teaches induction)
 * @param saveMinutes wall-clock minutes between checkpoints
 */
public record TrainSettings(String corpus, int layers, int heads, int dModel, int context, int vocabSize,
                            long steps, long seed, int batch, float lr, long warmup, float weightDecay,
                            float gradClip, double valFraction, double repeatShare, int threads, int evalEvery,
                            double saveMinutes) {
    public TrainSettings {
        if (layers < 1 || heads < 1 || dModel < 1 || context < 2 || steps < 1 || batch < 1 || threads < 1)
            throw new IllegalArgumentException("layers, heads, d-model, steps, batch and threads must be positive, context at least 2");
        if (dModel % heads != 0)
            throw new IllegalArgumentException("--d-model " + dModel + " must be a multiple of --heads " + heads);
        if (!(lr > 0)) throw new IllegalArgumentException("--lr must be positive");
        if (!(valFraction > 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in (0, 1)");
        if (!(repeatShare >= 0 && repeatShare < 1)) throw new IllegalArgumentException("--repeat-share must be in [0, 1)");
    }
}
