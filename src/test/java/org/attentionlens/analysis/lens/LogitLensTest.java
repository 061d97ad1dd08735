package org.attentionlens.analysis.lens;

import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The logit lens against the model's own logits, in every causal family's recipe. */
class LogitLensTest {
    private static final int T = 19, K = 5;

    static Stream<String> causalRecipes() {
        return Recipes.names().stream().filter(n -> Recipes.named(n).causal());
    }

    static Tokens tokens(int T, int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(vocab);
        return Tokens.ofIds(ids, null);
    }

    /** The last layer read through the lens is the model's prediction at every position: ids, probabilities, ranks. */
    @ParameterizedTest
    @MethodSource("causalRecipes")
    void theLastLayerIsTheModelsOwnPrediction(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 21, Kernels.best());
        AttentionTrace trace = AttentionTrace.capture(model, tokens(T, c.vocabSize(), 4));
        int target = 7;
        LogitLens lens = LogitLens.of(trace, target, K, Progress.NONE);
        assertEquals(c.layers(), lens.layers());
        assertEquals(T, lens.positions());
        float[] hidden = trace.hidden();
        for (int t = 0; t < T; t++) {
            double[] p = Probabilities.softmax(model.logits(hidden, t)); // (V) the model's own distribution at t
            int[] top = Ranking.top(p, K);
            LogitLens.Cell cell = lens.cell(c.layers() - 1, t);
            assertArrayEquals(top, cell.topIds(), recipe + " position " + t);
            for (int i = 0; i < K; i++) assertEquals(p[top[i]], cell.topP()[i], 1e-6, "p of the top tokens");
            assertEquals(p[target], cell.targetP(), 1e-6);
            int rank = 1;
            for (double x : p) if (x > p[target]) rank++;
            assertEquals(rank, cell.targetRank());
        }
        float[] last = trace.logitsLast();
        assertEquals(argmax(last), lens.cell(c.layers() - 1, T - 1).top(), "the prediction after the text");
    }

    /** The lens reads the head with the model's own table product, so the logits are equal bit for bit. */
    @Test
    void logitsOfTheLastLayerAreBitIdenticalForAWideModel() {
        ModelSpec c = ModelSpec.gpt2("wide", 2, 4, 256, 512, 5000, 32, 1e-5f); // several vocabulary blocks
        Transformer model = RandomWeights.create(c, 3, Kernels.best());
        AttentionTrace trace = AttentionTrace.capture(model, tokens(9, c.vocabSize(), 5));
        float[] normed = model.finalNorm(trace.residual(c.layers() - 1), 9);
        VocabularyScan.Row[] rows = VocabularyScan.scan(model.kernels(), normed, 9, model.unembedding(), 0, 3, 17, x -> {
        });
        float[] hidden = trace.hidden();
        for (int t = 0; t < 9; t++) {
            float[] logits = model.logits(hidden, t);
            for (int i = 0; i < 3; i++) assertEquals(logits[rows[t].topIds()[i]], rows[t].topLogits()[i], 0f);
            assertEquals(logits[17], rows[t].target(), 0f);
        }
    }

    /** A larger vocabulary: the log-sum-exp and top-k against a full softmax. */
    @Test
    void probabilitiesAcrossVocabularyBlocksMatchAFullSoftmax() {
        ModelSpec c = ModelSpec.gpt2("blocks", 2, 4, 32, 64, 4219, 32, 1e-5f);
        Transformer model = RandomWeights.create(c, 8, Kernels.best());
        AttentionTrace trace = AttentionTrace.capture(model, tokens(6, c.vocabSize(), 9));
        LogitLens lens = LogitLens.of(trace, c.vocabSize() - 1, 4, Progress.NONE);
        for (int l = 0; l < c.layers(); l++) {
            float[] normed = model.finalNorm(trace.residual(l), 6);
            for (int t = 0; t < 6; t++) {
                double[] p = Probabilities.softmax(model.logits(normed, t));
                LogitLens.Cell cell = lens.cell(l, t);
                assertArrayEquals(Ranking.top(p, 4), cell.topIds());
                assertEquals(p[c.vocabSize() - 1], cell.targetP(), 1e-6);
            }
        }
    }

    @Test
    void theFirstStableLayerIsWhereTheFinalTopTokenStaysOnTop() {
        LogitLens.Cell a = cell(1), b = cell(2);
        LogitLens.Cell[][] cells = {{a, b, b}, {b, a, b}, {b, b, b}}; // (L = 3)(T = 3)
        assertArrayEquals(new int[]{1, 2, 0}, LogitLens.firstStable(cells));
    }

    @Test
    void anEncoderHasNoHeadToReadThrough() {
        ModelSpec c = Recipes.named("bert");
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 1, Kernels.best()), tokens(5, c.vocabSize(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogitLens.of(trace, -1, 3, Progress.NONE));
        assertTrue(e.getMessage().contains("does not apply") && e.getMessage().contains("encoder"), e.getMessage());
    }

    @Test
    void withoutATargetThereIsNoTargetProbability() {
        ModelSpec c = Recipes.named("llama3");
        AttentionTrace trace = AttentionTrace.capture(RandomWeights.create(c, 1, Kernels.best()), tokens(5, c.vocabSize(), 1));
        LogitLens.Cell cell = LogitLens.of(trace, -1, 2, Progress.NONE).cell(0, 0);
        assertTrue(Double.isNaN(cell.targetP()));
        assertEquals(0, cell.targetRank());
        assertEquals(2, cell.topIds().length);
    }

    private static LogitLens.Cell cell(int top) {
        return new LogitLens.Cell(new int[]{top}, new double[]{1}, Double.NaN, 0);
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
