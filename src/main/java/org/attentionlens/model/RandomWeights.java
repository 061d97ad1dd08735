package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random weights of any shape: benchmarks of real model shapes (GPT-2-small at 1024 tokens) and tests
 * that need a model without a checkpoint. Scale 0.02 like GPT-2's initialisation; norms start at identity.
 */
public final class RandomWeights {
    private RandomWeights() {
    }

    public static Transformer create(ModelConfig c, long seed, Kernels kn) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int D = c.dModel(), F = c.dFF();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++)
            layers.add(new LayerWeights(
                    matrix(kn, rnd, D, c.qWidth()), vector(rnd, c.qWidth()),
                    matrix(kn, rnd, D, c.kvWidth()), vector(rnd, c.kvWidth()),
                    matrix(kn, rnd, D, c.kvWidth()), vector(rnd, c.kvWidth()),
                    matrix(kn, rnd, c.qWidth(), D), vector(rnd, D), norm(rnd, D),
                    matrix(kn, rnd, D, F), vector(rnd, F),
                    matrix(kn, rnd, F, D), vector(rnd, D), norm(rnd, D)));
        boolean bert = c.architecture() == ArchitectureKind.BERT;
        ModelWeights w = new ModelWeights(values(rnd, c.vocabSize() * D, 0.02f), values(rnd, c.context() * D, 0.02f),
                bert ? values(rnd, Math.max(1, c.typeVocab()) * D, 0.02f) : null, bert ? norm(rnd, D) : null,
                layers, bert ? null : norm(rnd, D), null);
        return new Transformer(c, w, kn);
    }

    /** GPT-2-small's shapes: 12 layers, 12 heads, d 768, vocab 50257, context 1024. */
    public static ModelConfig gpt2Small() {
        return new ModelConfig("gpt2-small-random", ArchitectureKind.GPT2, 12, 12, 12, 768, 64, 3072, 50257, 1024,
                1e-5f, 0);
    }

    private static Matrix matrix(Kernels kn, SplittableRandom rnd, int K, int N) {
        return kn.pack(values(rnd, K * N, 0.02f), K, N);
    }

    private static float[] vector(SplittableRandom rnd, int n) {
        return values(rnd, n, 0.02f);
    }

    private static Norm norm(SplittableRandom rnd, int D) {
        float[] gamma = new float[D];
        for (int d = 0; d < D; d++) gamma[d] = 1f + (float) rnd.nextGaussian() * 0.1f;
        return new Norm(gamma, values(rnd, D, 0.02f));
    }

    private static float[] values(SplittableRandom rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * scale;
        return a;
    }
}
