package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.RopeSpec;
import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-frequency decomposition of a rotary score, in every rotary recipe (llama3, yarn and longrope scalings,
 * partial rotary, QK-norm, soft-cap, interleaved pairs) on real passes: the pairs and the unturned rest add up to the
 * head's score, q and k before rotation equal what the pass had before RoPE (its own tap), and each pair's term is its
 * unrotated content turned by (i − j)·ω, worked out here in double.
 */
class RopeDecompositionTest {
    private static final int T = 17;

    static Iterable<String> rotary() {
        return Recipes.names().stream().filter(n -> Recipes.named(n).rotary()).toList();
    }

    static AttentionTrace trace(ModelSpec c) {
        SplittableRandom rnd = new SplittableRandom(c.id().hashCode());
        int[] ids = new int[T];
        for (int t = 0; t < T; t++) ids[t] = rnd.nextInt(c.vocabSize());
        return AttentionTrace.capture(RandomWeights.create(c, 21, Kernels.best()), Tokens.ofIds(ids, null));
    }

    @ParameterizedTest
    @MethodSource("rotary")
    void thePairsAddUpToTheHeadsScoreAndTheirUnturnedContentIsWhatThePassHadBeforeRope(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        AttentionTrace trace = trace(c);
        int l = c.layers() - 1, h = c.heads() - 1, i = T - 1;
        HeadMatrices m = trace.head(l, h);
        HeadWalk walk = HeadWalk.fromTrace(trace, l, h, i, 0);
        float[] qBefore = walk.normedQueries(), kBefore = walk.normedKeys(); // (T, Dh) the pass's tap before RoPE
        int Dh = c.dHead();
        for (int j = 0; j <= i; j++) {
            RopeDecomposition r = RopeDecomposition.of(trace, l, h, i, j);
            assertEquals(m.score(i, j), r.score(), 1e-5, recipe + ": the score, cell " + i + "," + j);
            assertEquals(r.sum(), r.rest() + java.util.Arrays.stream(r.pairs()).sum(), 1e-12);
            for (int d = 0; d < Dh; d++) {
                assertEquals(qBefore[i * Dh + d], r.qBefore()[d], 1e-5, recipe + ": q before RoPE, dim " + d);
                assertEquals(kBefore[j * Dh + d], r.kBefore()[d], 1e-5, recipe + ": k before RoPE, dim " + d);
            }
            RopeSpec rope = c.attention().rope(l);
            double af = rope.attentionFactor();
            for (int p = 0; p < r.pairCount(); p++) {
                int a = RopeDecomposition.first(rope, p), b = RopeDecomposition.second(rope, p);
                double angle = r.relativeAngle(p), cs = Math.cos(angle), sn = Math.sin(angle);
                // (R((i − j)ω) q^p) · k^p with the pass's own pre-RoPE values, times the attention factor squared
                double qa = qBefore[i * Dh + a] * cs - qBefore[i * Dh + b] * sn;
                double qb = qBefore[i * Dh + b] * cs + qBefore[i * Dh + a] * sn;
                double expected = r.scale() * af * af * (qa * kBefore[j * Dh + a] + qb * kBefore[j * Dh + b]);
                assertEquals(expected, r.pairs()[p], 1e-5 + 1e-4 * Math.abs(expected), recipe + ": pair " + p);
            }
        }
    }

    @Test
    void scaledFrequenciesSitBesideTheBaseOnesAndPartialRotaryLeavesTheRestUnturned() {
        AttentionTrace llama = trace(Recipes.named("llama3"));
        RopeDecomposition r = RopeDecomposition.of(llama, 0, 0, 9, 3);
        int P = r.pairCount();
        // the recipe's pretraining context is 16: even the fastest pair sits in llama3's blended band
        assertTrue(r.frequencies()[0] < r.baseFrequency(0) && r.frequencies()[0] > r.baseFrequency(0) / 8, "blended");
        assertNotEquals(r.baseFrequency(P - 1), r.frequencies()[P - 1], "the slowest pair is divided");
        assertEquals(r.baseFrequency(P - 1) / 8, r.frequencies()[P - 1], 1e-9, "by the factor 8");
        assertEquals(0, r.rest(), "every dimension of a Llama head turns");
        assertEquals(6, r.distance());

        ModelSpec neox = Recipes.named("neox"); // 2 of 8 dimensions turn
        RopeDecomposition n = RopeDecomposition.of(trace(neox), 1, 2, 12, 4);
        assertEquals(1, n.pairCount());
        assertTrue(n.rotates(0) && n.rotates(1) && !n.rotates(2));
        assertNotEquals(0, n.rest(), "six dimensions add their plain product");
        for (int d = 2; d < neox.dHead(); d++) assertEquals(n.qAfter()[d], n.qBefore()[d], 0f, "dim " + d + " does not turn");

        assertNull(RopeDecomposition.of(trace(Recipes.named("gpt2")), 0, 0, 3, 1), "learned positions: nothing to take apart");
        double[] fs = r.fastAndSlow(T);
        assertEquals(r.sum(), fs[0] + fs[1], 1e-12);
    }
}
