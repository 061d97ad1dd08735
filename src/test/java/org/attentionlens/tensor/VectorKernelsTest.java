package org.attentionlens.tensor;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.ForwardResult;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Vector API kernels against the scalar reference, on awkward shapes (rows, widths and strides that are
 * not multiples of the 16 lanes or the 48-wide panels). Tolerances are relative to the output's magnitude:
 * 1e-5 for reductions (float rounding in a different order), 2e-6 for softmax, and for the activations 5e-6
 * of the value plus 1e-7 absolute (the far tails, around 1e-20, inherit the float rounding of x³ or x²).
 * Bit-identity tests check the contract that an element's reduction never depends on the block it is in.
 * Legend: T rows, K reduction width, N output width, M rows of a second operand.
 */
class VectorKernelsTest {
    private static final int[] ROWS = {1, 3, 17, 64, 257};

    private final Kernels scalar = Kernels.scalar();
    private static final VectorKernels vector = new VectorKernels(); // one set of worker threads for all tests
    private final SplittableRandom rnd = new SplittableRandom(42);

    @Test
    void theTestJvmRunsTheVectorKernels() {
        assertInstanceOf(VectorKernels.class, Kernels.best(), "surefire adds jdk.incubator.vector");
        assertTrue(Kernels.best().name().startsWith("vector-"));
    }

    @Test
    void packedMatrixReadsBackEveryElement() {
        int K = 37, N = 101;
        float[] w = random(K * N, 1f);
        Matrix m = vector.pack(w, K, N);
        assertEquals(K, m.rows());
        assertEquals(N, m.cols());
        assertTrue(Arrays.equals(w, m.toRowMajor()));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, N));
        assertThrows(IllegalArgumentException.class, () -> vector.pack(w, K, N + 1));
    }

    @Test
    void matmulMatchesScalar() {
        int[][] shapes = {{37, 53}, {100, 48}, {64, 97}, {200, 150}, {768, 20}};
        for (int T : ROWS)
            for (int[] s : shapes) {
                int K = s[0], N = s[1];
                float[] w = random(K * N, 1f), in = random(T * K, 1f), bias = random(N, 1f);
                for (float[] b : new float[][]{null, bias}) {
                    float[] expected = new float[T * N], actual = new float[T * N];
                    scalar.matmul(expected, in, scalar.pack(w, K, N), b, T);
                    vector.matmul(actual, in, vector.pack(w, K, N), b, T);
                    assertClose(expected, actual, 1e-5f, "matmul T=" + T + " K=" + K + " N=" + N);
                }
            }
    }

    @Test
    void matmulRowsMatchesScalar() {
        int K = 200, N = 70;
        float[] w = random(K * N, 1f);
        Matrix ws = scalar.pack(w, K, N), wv = vector.pack(w, K, N);
        for (int T : ROWS)
            for (int[] r : new int[][]{{0, K}, {33, 97}, {64, 128}, {199, 200}}) {
                int width = r[1] - r[0];
                float[] in = random(T * width, 1f);
                float[] expected = new float[T * N], actual = new float[T * N];
                scalar.matmulRows(expected, in, ws, r[0], r[1], T);
                vector.matmulRows(actual, in, wv, r[0], r[1], T);
                assertClose(expected, actual, 1e-5f, "matmulRows T=" + T + " rows " + r[0] + "…" + r[1]);
            }
    }

    @Test
    void matmulTransposedMatchesScalarWithOffsetsAndStrides() {
        for (int M : new int[]{1, 3, 17, 64})
            for (int N : new int[]{1, 5, 67})
                for (int K : new int[]{7, 64, 100, 300}) { // 300: the lane-partial reduction, with a tail
                    int aOff = 3, aStride = K + 5, bOff = 11, bStride = K + 2, outOff = 7, outStride = N + 3;
                    float[] a = random(aOff + M * aStride, 1f), b = random(bOff + N * bStride, 1f);
                    float[] expected = new float[outOff + M * outStride], actual = expected.clone();
                    scalar.matmulTransposed(expected, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, N, K, 0.125f);
                    vector.matmulTransposed(actual, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, N, K, 0.125f);
                    assertClose(expected, actual, 1e-5f, "matmulTransposed M=" + M + " N=" + N + " K=" + K);
                }
    }

    @Test
    void matmulStridedMatchesScalarWithOffsetsAndStrides() {
        for (int M : new int[]{1, 3, 17, 64})
            for (int N : new int[]{1, 5, 67, 257})
                for (int K : new int[]{5, 64, 70, 100}) {
                    int aOff = 2, aStride = N + 1, bOff = 9, bStride = K + 4, outOff = 5, outStride = K + 6;
                    float[] a = random(aOff + M * aStride, 1f), b = random(bOff + N * bStride, 1f);
                    float[] expected = new float[outOff + M * outStride], actual = expected.clone();
                    scalar.matmulStrided(expected, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, N, K);
                    vector.matmulStrided(actual, outOff, outStride, a, aOff, aStride, b, bOff, bStride, M, N, K);
                    assertClose(expected, actual, 1e-5f, "matmulStrided M=" + M + " N=" + N + " K=" + K);
                }
    }

    @Test
    void matmulTransposedElementIsTheSameWhateverTheBlock() {
        for (int K : new int[]{70, 300}) { // either side of the switch to lane partials
            int M = 37, N = 45, aStride = K + 10, bStride = K + 5;
            float[] a = random(M * aStride, 1f), b = random(N * bStride, 1f);
            float[] block = new float[M * N]; // (M, N)
            vector.matmulTransposed(block, 0, N, a, 0, aStride, b, 0, bStride, M, N, K, 0.3f);
            float[] one = new float[9];
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++) {
                    vector.matmulTransposed(one, 4, 1, a, i * aStride, aStride, b, j * bStride, bStride, 1, 1, K, 0.3f);
                    assertEquals(block[i * N + j], one[4], 0f, "K=" + K + " element (" + i + ", " + j + ")");
                }
            // whole rows one at a time (a decode step's path)
            float[] row = new float[N];
            for (int i = 0; i < M; i++) {
                vector.matmulTransposed(row, 0, N, a, i * aStride, aStride, b, 0, bStride, 1, N, K, 0.3f);
                assertTrue(Arrays.equals(Arrays.copyOfRange(block, i * N, (i + 1) * N), row), "K=" + K + " row " + i);
            }
            // a sub-block at odd offsets, and the first columns only (a causal key limit)
            int r0 = 5, c0 = 3, R = 13, C = 21;
            float[] sub = new float[R * C];
            vector.matmulTransposed(sub, 0, C, a, r0 * aStride, aStride, b, c0 * bStride, bStride, R, C, K, 0.3f);
            for (int i = 0; i < R; i++)
                for (int j = 0; j < C; j++)
                    assertEquals(block[(r0 + i) * N + c0 + j], sub[i * C + j], 0f,
                            "K=" + K + " sub-block (" + i + ", " + j + ")");
        }
    }

    @Test
    void matmulStridedElementIsTheSameWhateverTheBlock() {
        int M = 23, N = 50, K = 64 + 16 + 3;
        float[] a = random(M * N, 1f), b = random(N * K, 1f);
        float[] block = new float[M * K]; // (M, K)
        vector.matmulStrided(block, 0, K, a, 0, N, b, 0, K, M, N, K);
        float[] row = new float[K + 2];
        for (int i = 0; i < M; i++) {
            vector.matmulStrided(row, 2, K, a, i * N, N, b, 0, K, 1, N, K);
            for (int k = 0; k < K; k++) assertEquals(block[i * K + k], row[2 + k], 0f, "(" + i + ", " + k + ")");
        }
        // columns 5 … 5+17 alone: a different split into vectors and scalar tail
        float[] cols = new float[M * 17];
        vector.matmulStrided(cols, 0, 17, a, 0, N, b, 5, K, M, N, 17);
        for (int i = 0; i < M; i++)
            for (int k = 0; k < 17; k++) assertEquals(block[i * K + 5 + k], cols[i * 17 + k], 0f);
        // weights that are zero beyond n give the same bits with n or all N keys (causal blocks vs a full recompute)
        int n = 20;
        float[] masked = a.clone();
        for (int i = 0; i < M; i++) Arrays.fill(masked, i * N + n, (i + 1) * N, 0f);
        float[] shortRun = new float[M * K], longRun = new float[M * K];
        vector.matmulStrided(shortRun, 0, K, masked, 0, N, b, 0, K, M, n, K);
        vector.matmulStrided(longRun, 0, K, masked, 0, N, b, 0, K, M, N, K);
        assertTrue(Arrays.equals(shortRun, longRun));
    }

    @Test
    void matmulOnBothCoresEqualsOneRowAtATimeBitForBit() {
        int T = 67, K = 300, N = 480; // 9.6 M multiply-adds: split over the threads
        float[] w = random(K * N, 1f), in = random(T * K, 1f), bias = random(N, 1f);
        Matrix m = vector.pack(w, K, N);
        float[] all = new float[T * N];
        vector.matmul(all, in, m, bias, T);
        float[] row = new float[N];
        for (int t = 0; t < T; t++) {
            vector.matmul(row, Arrays.copyOfRange(in, t * K, (t + 1) * K), m, bias, 1);
            for (int n = 0; n < N; n++) assertEquals(all[t * N + n], row[n], 0f, "(" + t + ", " + n + ")");
        }
        float[] rows = new float[T * N], rowsOne = new float[N];
        vector.matmulRows(rows, Arrays.copyOf(in, T * 100), m, 100, 200, T);
        vector.matmulRows(rowsOne, Arrays.copyOfRange(in, 5 * 100, 6 * 100), m, 100, 200, 1);
        assertTrue(Arrays.equals(Arrays.copyOfRange(rows, 5 * N, 6 * N), rowsOne));
    }

    @Test
    void lmHeadSplitOverThreadsEqualsSmallBlocks() {
        int N = 50257, K = 768; // the tied GPT-2 head: large enough to be split over the threads
        float[] x = random(K, 1f), emb = random(N * K, 0.02f);
        float[] logits = new float[N], expected = new float[N];
        vector.matmulTransposed(logits, 0, N, x, 0, K, emb, 0, K, 1, N, K, 1f);
        scalar.matmulTransposed(expected, 0, N, x, 0, K, emb, 0, K, 1, N, K, 1f);
        assertClose(expected, logits, 1e-5f, "LM head");
        float[] few = new float[7];
        for (int j0 : new int[]{0, 25127, 25128, 50250}) {
            vector.matmulTransposed(few, 0, 7, x, 0, K, emb, j0 * K, K, 1, 7, K, 1f);
            for (int j = 0; j < 7; j++) assertEquals(logits[j0 + j], few[j], 0f, "logit " + (j0 + j));
        }
    }

    @Test
    void softmaxMatchesScalarAndSumsToOne() {
        for (int n : new int[]{1, 7, 16, 17, 100, 1000})
            for (float scale : new float[]{1f, 30f, 1e4f}) {
                float[] x = random(n + 3, scale), expected = x.clone(), actual = x.clone();
                scalar.softmax(expected, 3, n);
                vector.softmax(actual, 3, n);
                assertClose(Arrays.copyOfRange(expected, 3, 3 + n), Arrays.copyOfRange(actual, 3, 3 + n), 2e-6f,
                        "softmax n=" + n + " scale " + scale);
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    assertFalse(Float.isNaN(actual[3 + i]));
                    assertTrue(actual[3 + i] >= 0f);
                    sum += actual[3 + i];
                }
                assertEquals(1.0, sum, 1e-5, "row sum n=" + n + " scale " + scale);
                assertTrue(Arrays.equals(Arrays.copyOf(x, 3), Arrays.copyOf(actual, 3)), "nothing before off is touched");
            }
    }

    @Test
    void softmaxGivesZeroToMinusInfinityAndHandlesHugeValues() {
        float[] x = {Float.NEGATIVE_INFINITY, 1e4f, 1e4f, -1e4f, Float.NEGATIVE_INFINITY, 3e38f, 3e38f, 0f,
                0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, Float.NEGATIVE_INFINITY};
        vector.softmax(x, 0, x.length);
        assertEquals(0f, x[0]);
        assertEquals(0f, x[17]);
        assertEquals(0.5f, x[5], 1e-6f);
        assertEquals(0.5f, x[6], 1e-6f);
        assertEquals(0f, x[1]);
    }

    @Test
    void expIsAccurateOverItsRange() {
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) x[i] = -87f + 175f * i / (x.length - 1);
        float[] e = x.clone();
        VectorMath.exp(e, 0, e.length);
        for (int i = 0; i < x.length; i++) {
            double want = Math.exp(x[i]);
            assertEquals(want, e[i], want * 3e-7, "exp(" + x[i] + ")");
        }
    }

    @Test
    void layerNormMatchesScalar() {
        for (int T : ROWS)
            for (int D : new int[]{7, 64, 100}) {
                float[] in = random(T * D, 3f), gamma = random(D, 1f), beta = random(D, 1f);
                for (int d = 0; d < in.length; d++) in[d] += 5f; // a mean far from 0
                float[] expected = new float[T * D], actual = new float[T * D];
                scalar.layerNorm(expected, in, gamma, beta, T, D, 1e-5f);
                vector.layerNorm(actual, in, gamma, beta, T, D, 1e-5f);
                assertClose(expected, actual, 1e-5f, "layerNorm T=" + T + " D=" + D);
                vector.layerNorm(in, in, gamma, beta, T, D, 1e-5f); // in place
                assertClose(expected, in, 1e-5f, "layerNorm in place");
            }
    }

    @Test
    void activationsMatchScalarElementByElement() {
        float[] x = random(1000, 3f);
        x[0] = -12f; // the far left tail
        x[1] = 9f;
        for (Activation act : Activation.values()) {
            float[] expected = x.clone(), actual = x.clone();
            scalar.activate(expected, 999, act);
            vector.activate(actual, 999, act);
            for (int i = 0; i < 999; i++)
                assertEquals(expected[i], actual[i], 5e-6f * Math.abs(expected[i]) + 1e-7f, act + "(" + x[i] + ")");
            assertEquals(x[999], actual[999], 0f, act + " stops at n");
        }
        float[] partial = {1f, 2f, 3f};
        vector.activate(partial, 2, Activation.GELU_TANH);
        assertEquals(3f, partial[2], 0f, "the tail beyond n is left alone");
        assertEquals(Activations.geluTanh(2f), partial[1], 1e-6f);
    }

    @Test
    void addMatchesScalar() {
        float[] y = random(101, 1f), x = random(101, 1f), expected = y.clone();
        scalar.add(expected, x, 100);
        vector.add(y, x, 100);
        assertTrue(Arrays.equals(expected, y));
    }

    @Test
    void wholeGpt2PassAgreesWithScalar() {
        ModelSpec c = ModelSpec.gpt2("tiny-gpt2", 2, 4, 64, 256, 300, 80, 1e-5f);
        int[] ids = randomIds(67, c.vocabSize());
        ForwardResult s = RandomWeights.create(c, 7, scalar).forward(ids, ForwardObserver.NONE);
        ForwardResult v = RandomWeights.create(c, 7, Kernels.best()).forward(ids, ForwardObserver.NONE);
        assertClose(s.hidden(), v.hidden(), 1e-4f, "GPT-2 hidden states");
        assertClose(s.logitsLast(), v.logitsLast(), 1e-4f, "GPT-2 logits");
    }

    @Test
    void wholeBertPassAgreesWithScalar() {
        ModelSpec c = ModelSpec.bert("tiny-bert", 2, 4, 48, 200, 300, 80, 1e-12f, 2);
        int[] ids = randomIds(33, c.vocabSize());
        ForwardResult s = RandomWeights.create(c, 9, scalar).forward(ids, ForwardObserver.NONE);
        ForwardResult v = RandomWeights.create(c, 9, Kernels.best()).forward(ids, ForwardObserver.NONE);
        assertClose(s.hidden(), v.hidden(), 1e-4f, "BERT hidden states");
    }

    /**
     * The contract end to end: a decode step (1 query row over the cache: the scalar-chain path of q·kᵀ,
     * 1-row matmuls) gives bit for bit the numbers of a whole pass over the same text (64-row blocks,
     * transposed key blocks, 8-row matmul tiles), in the head's scores, the hidden state and the logits.
     */
    @Test
    void decodeStepEqualsTheWholePassBitForBit() {
        ModelSpec c = ModelSpec.gpt2("tiny-gpt2", 2, 4, 64, 256, 300, 100, 1e-5f);
        Transformer model = RandomWeights.create(c, 11, Kernels.best());
        int[] ids = randomIds(72, c.vocabSize()); // the last row sits in an 8-row matmul tile of the whole pass
        AttentionTrace whole = AttentionTrace.capture(model, Tokens.ofIds(ids, null));

        KvCache cache = new KvCache(c, ids.length);
        model.forward(Arrays.copyOf(ids, ids.length - 1), cache, ForwardObserver.NONE);
        float[][] stepScores = new float[c.heads()][];
        ForwardResult step = model.forward(new int[]{ids[ids.length - 1]}, cache, new ForwardObserver() {
            @Override
            public boolean wantsHeadMatrices(int layer) {
                return layer == 1;
            }

            @Override
            public void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
                stepScores[head] = Arrays.copyOf(scores, Tk);
            }
        });
        int last = ids.length - 1, D = c.dModel();
        for (int h = 0; h < c.heads(); h++)
            assertTrue(Arrays.equals(Arrays.copyOfRange(whole.head(1, h).scores(), last * ids.length, ids.length * ids.length),
                    stepScores[h]), "head 1." + h + " scores of the last row");
        assertTrue(Arrays.equals(Arrays.copyOfRange(whole.hidden(), last * D, (last + 1) * D), step.hidden()), "hidden");
        assertTrue(Arrays.equals(whole.logitsLast(), step.logitsLast()), "logits");
    }

    /**
     * The slow mode a run could land in by chance (a vector helper C2 did not inline is boxed): with every vector
     * function forbidden to inline, the kernels give the same numbers, because no vector crosses a method boundary
     * (checked in a separate JVM by the speed, here by the functions' contract: arrays in, arrays out).
     */
    @Test
    void noVectorMathFunctionTakesOrReturnsAVector() {
        for (java.lang.reflect.Method m : VectorMath.class.getDeclaredMethods()) {
            assertFalse(jdk.incubator.vector.Vector.class.isAssignableFrom(m.getReturnType()), m.getName() + " returns a vector");
            for (Class<?> p : m.getParameterTypes())
                assertFalse(jdk.incubator.vector.Vector.class.isAssignableFrom(p), m.getName() + " takes a vector");
        }
    }

    /** The warm-up exists to get every kernel compiled: it must call each one, on shapes valid for both sets. */
    @Test
    void warmUpCallsEveryKernel() {
        java.util.Set<String> called = new java.util.TreeSet<>();
        Kernels recording = (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[]{Kernels.class}, (proxy, method, args) -> {
                    called.add(method.getName());
                    try {
                        return method.invoke(scalar, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        KernelWarmUp.run(recording, 1);
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : Kernels.class.getMethods())
            if (!java.lang.reflect.Modifier.isStatic(m.getModifiers()) && !m.getName().equals("name")) all.add(m.getName());
        assertEquals(all, called, "kernels the warm-up calls");
        KernelWarmUp.run(vector, 2); // and the vector kernels accept the same shapes
    }

    @Test
    void foreignMatrixGetsAClearMessage() {
        Matrix rowMajor = scalar.pack(new float[6], 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vector.matmul(new float[3], new float[2], rowMajor, null, 1));
        assertTrue(e.getMessage().contains("not packed by the vector kernels"));
    }

    private int[] randomIds(int T, int V) {
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(V);
        return ids;
    }

    private float[] random(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * scale;
        return a;
    }

    /** |expected - actual| ≤ tol · max|expected| for every element, reporting the first violation. */
    private static void assertClose(float[] expected, float[] actual, float tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        float magnitude = 0f;
        for (float e : expected) magnitude = Math.max(magnitude, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            float diff = Math.abs(expected[i] - actual[i]);
            if (!(diff <= tol * magnitude))
                fail(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]
                        + " (|diff| " + diff + " > " + tol + " × " + magnitude + ")");
        }
    }
}
