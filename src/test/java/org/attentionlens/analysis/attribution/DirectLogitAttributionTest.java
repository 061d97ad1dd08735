package org.attentionlens.analysis.attribution;

import org.attentionlens.analysis.PlantedInduction;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Direct logit attribution adds up, in every causal family, and gives the known answer on a hand-wired model. */
class DirectLogitAttributionTest {
    private static final int T = 17;

    static Stream<String> causalRecipes() {
        return Recipes.names().stream().filter(n -> Recipes.named(n).causal());
    }

    private static int[] ids(int T, int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(vocab);
        return ids;
    }

    /**
     * Heads + MLPs + embeddings + biases = l_a − l_b within 1e-4, with the final norm (and sublayer output norms)
     * linearised at the last position; for Gemma 2 the difference before its final soft-cap.
     */
    @ParameterizedTest
    @MethodSource("causalRecipes")
    void theSharesAddUpToTheLogitDifference(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 31, Kernels.best());
        int[] ids = ids(T, c.vocabSize(), 2);
        float[] logits = model.forward(ids, ForwardObserver.NONE).logitsLast();
        DirectLogitAttribution a = DirectLogitAttribution.run(model, ids, 5, 11);
        double cap = c.finalSoftcap();
        double expected = cap > 0 ? cap * (atanh(logits[5] / cap) - atanh(logits[11] / cap)) : logits[5] - logits[11];
        assertEquals(expected, a.sum(), 1e-4, recipe + ": Σ shares vs the logit difference before any soft-cap");
        assertEquals(expected, a.preCapDiff(), 1e-4);
        assertEquals((double) logits[5] - logits[11], a.logitDiff(), 1e-9);
        assertEquals(c.layers(), a.heads().length);
        assertEquals(c.heads(), a.heads()[0].length);
        double spread = 0;
        for (double[] row : a.heads()) for (double x : row) spread += Math.abs(x);
        assertTrue(spread > 1e-3, "random heads do push the logits: " + spread);
    }

    /** Each head's share recomputed here from the trace's head output, W_O and a LayerNorm frozen by hand. */
    @Test
    void aHeadsShareIsItsOutputThroughTheFrozenFinalNorm() {
        ModelSpec c = Recipes.named("gpt2");
        Transformer model = RandomWeights.create(c, 4, Kernels.best());
        int[] ids = ids(T, c.vocabSize(), 3);
        AttentionTrace trace = AttentionTrace.capture(model, Tokens.ofIds(ids, null));
        DirectLogitAttribution a = DirectLogitAttribution.run(model, ids, 2, 9);
        int D = c.dModel(), Dh = c.dHead();
        float[] x = trace.residual(c.layers() - 1); // (T, D) what ln_f reads
        double mean = 0, var = 0;
        for (int d = 0; d < D; d++) mean += x[(T - 1) * D + d];
        mean /= D;
        for (int d = 0; d < D; d++) var += Math.pow(x[(T - 1) * D + d] - mean, 2);
        double sigma = Math.sqrt(var / D + c.eps());
        float[] gamma = model.weights().finalNorm().gamma();
        double[] dw = new double[D];
        for (int d = 0; d < D; d++)
            dw[d] = (model.unembedding().get(2, d) - model.unembedding().get(9, d)) * gamma[d] / sigma;
        for (int l = 0; l < c.layers(); l++) {
            float[] wo = model.weights().layers().get(l).attention().wo().toRowMajor(); // (H·Dh, D)
            for (int h = 0; h < c.heads(); h++) {
                float[] out = trace.headOutput(l, h, T - 1);
                double[] piece = new double[D];
                for (int e = 0; e < Dh; e++)
                    for (int d = 0; d < D; d++) piece[d] += out[e] * wo[(h * Dh + e) * D + d];
                double m = 0, share = 0;
                for (double p : piece) m += p / D;
                for (int d = 0; d < D; d++) share += (piece[d] - m) * dw[d];
                assertEquals(share, a.heads()[l][h], 1e-5, "head " + l + "." + h);
            }
        }
    }

    /**
     * In the planted induction model only the embeddings write into the token block the tied head reads (the heads
     * write into a block of their own, the MLPs nothing), so every head and MLP gets exactly 0 and the embeddings
     * the whole difference.
     */
    @Test
    void onlyTheEmbeddingsWriteWhereThePlantedModelsHeadReads() {
        Transformer model = PlantedInduction.build();
        int[] ids = {3, 7, 1, 9, 3, 7, 1};
        DirectLogitAttribution a = DirectLogitAttribution.run(model, ids, 1, 9); // the current token against another
        for (double[] row : a.heads()) for (double x : row) assertEquals(0, x, 1e-9);
        for (double x : a.mlps()) assertEquals(0, x, 1e-9);
        assertEquals(0, a.biases(), 1e-9);
        assertTrue(a.embedding() > 1, "the current token's one-hot pushes it up: " + a.embedding());
        assertEquals(a.logitDiff(), a.embedding(), 1e-5);
    }

    @Test
    void anEncoderIsRefusedWithTheReason() {
        Transformer bert = RandomWeights.create(Recipes.named("bert"), 1, Kernels.best());
        var e = assertThrows(IllegalArgumentException.class, () -> DirectLogitAttribution.run(bert, new int[]{1, 2}, 1, 2));
        assertTrue(e.getMessage().contains("encoder"), e.getMessage());
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
