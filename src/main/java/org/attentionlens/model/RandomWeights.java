package org.attentionlens.model;

import org.attentionlens.tensor.DType;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seeded random weights for any spec: benchmarks of real model shapes (GPT-2-small, Llama-3.2-1B in BF16) without
 * a checkpoint, and tests that need a model. Values are uniform with standard deviation 0.02 (GPT-2's
 * initialisation scale); norm scales are 1 ± 0.17. They come from a counter-based hash (SplitMix64 of seed, tensor
 * and index), so a billion values fill in parallel in seconds and the same seed always gives the same model.
 * Legend as in {@link ModelSpec}.
 */
public final class RandomWeights {
    private static final float STD = 0.02f;

    private RandomWeights() {
    }

    /** float32 weights. */
    public static Transformer create(ModelSpec c, long seed, Kernels kn) {
        return create(c, seed, kn, DType.F32);
    }

    /** Weights held in dtype (F32, BF16 or F16), as a checkpoint of that dtype would be. */
    public static Transformer create(ModelSpec c, long seed, Kernels kn, DType dtype) {
        return new Transformer(c, new Filler(seed, kn, dtype).weights(c), kn);
    }

    /** GPT-2-small's shapes: 12 layers, 12 heads, d 768, vocab 50257, context 1024. */
    public static ModelSpec gpt2Small() {
        return ModelSpec.gpt2("gpt2-small-random", 12, 12, 768, 3072, 50257, 1024, 1e-5f);
    }

    /**
     * Llama-3.2-1B's shapes: 16 layers, d 2048, 32 query heads over 8 key/value heads of 64, FFN 8192, vocabulary
     * 128256, RoPE θ 500,000 with llama3 scaling (×32 over 8,192 positions), tied head, context 131,072.
     */
    public static ModelSpec llama1b() {
        RopeSpec rope = RopeFrequencies.llama3(500000, 64, false, 32, 1, 4, 8192);
        return ModelSpec.builder("llama-1b-random", "llama", 16, 32, 64, 2048, 8192, 128256, 131072)
                .kvHeads(8).norm(NormSpec.rmsNorm(1e-5f)).rope(rope).lmHead(ModelSpec.LmHead.TIED).build();
    }

    /** Fills one model's tensors, each from its own stream of the hash. */
    private static final class Filler {
        private final long seed;
        private final Kernels kn;
        private final DType dtype;
        private int tensor;

        Filler(long seed, Kernels kn, DType dtype) {
            this.seed = seed;
            this.kn = kn;
            this.dtype = dtype;
        }

        ModelWeights weights(ModelSpec c) {
            int D = c.dModel(), F = c.dFF();
            AttentionSpec a = c.attention();
            EmbeddingSpec e = c.embedding();
            Residual r = c.residual();
            boolean sandwich = r.normAfter(), before = r != Residual.NORM_AFTER;
            List<LayerWeights> layers = new ArrayList<>();
            for (int l = 0; l < c.layers(); l++) {
                Norm qn = null, kn2 = null;
                if (a.qkNorm() != AttentionSpec.QkNorm.NONE) {
                    boolean perHead = a.qkNorm() == AttentionSpec.QkNorm.PER_HEAD;
                    qn = norm(perHead ? c.dHead() : c.qWidth(), false);
                    kn2 = norm(perHead ? c.dHead() : c.kvWidth(), false);
                }
                AttentionWeights aw = new AttentionWeights(
                        matrix(D, c.qWidth()), bias(a.qkvBias(), c.qWidth()),
                        matrix(D, c.kvWidth()), bias(a.qkvBias(), c.kvWidth()),
                        matrix(D, c.kvWidth()), bias(a.qkvBias(), c.kvWidth()), qn, kn2,
                        matrix(c.qWidth(), D), bias(a.outputBias(), D));
                boolean mlpBias = c.mlp().bias();
                MlpWeights mw = new MlpWeights(c.mlp().gated() ? matrix(D, F) : null, c.mlp().gated() ? bias(mlpBias, F) : null,
                        matrix(D, F), bias(mlpBias, F), matrix(F, D), bias(mlpBias, D));
                boolean shift = !c.norm().rms();
                layers.add(new LayerWeights(before ? norm(D, shift) : null, aw, sandwich ? norm(D, shift) : null,
                        before ? norm(D, shift) : null, mw, sandwich ? norm(D, shift) : null));
            }
            boolean shift = !c.norm().rms();
            return new ModelWeights(table(c.vocabSize(), D),
                    e.learnedPositions() ? table(c.context() + e.positionOffset(), D) : null,
                    e.typeVocab() > 0 ? values(e.typeVocab() * D, STD, 0) : null,
                    e.norm() ? norm(D, shift) : null, layers, c.finalNorm() ? norm(D, shift) : null,
                    c.lmHead() == ModelSpec.LmHead.SEPARATE ? table(c.vocabSize(), D) : null);
        }

        private Matrix matrix(int K, int N) {
            float[] f = values(K * N, STD, 0);
            if (dtype == DType.F32) return kn.pack(f, K, N);
            return kn.pack(narrow(f), K, N, dtype);
        }

        private Table table(int rows, int cols) {
            float[] f = values(Math.multiplyExact(rows, cols), STD, 0);
            return dtype == DType.F32 ? Table.of(f, rows, cols) : Table.of(narrow(f), rows, cols, dtype);
        }

        private float[] bias(boolean present, int n) {
            return present ? values(n, STD, 0) : null;
        }

        private Norm norm(int width, boolean shift) {
            return new Norm(values(width, 0.1f, 1f), shift ? values(width, STD, 0) : null);
        }

        private short[] narrow(float[] f) {
            short[] h = new short[f.length];
            IntStream.range(0, f.length).parallel().forEach(i -> h[i] = dtype.narrow(f[i]));
            return h;
        }

        /** n values uniform with the given standard deviation around mean, from this tensor's stream. */
        private float[] values(int n, float std, float mean) {
            long stream = mix(seed * 0x9E3779B97F4A7C15L + ++tensor);
            float halfWidth = (float) (std * Math.sqrt(3));
            float[] a = new float[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                double u = (mix(stream + i) >>> 11) * 0x1p-53; // [0, 1)
                a[i] = mean + (float) ((2 * u - 1) * halfWidth);
            });
            return a;
        }

        /** SplitMix64's finaliser: a well-mixed 64-bit hash. */
        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
