package org.attentionlens.analysis.knockout;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.SharpCopying;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Attention knockout on the hand-wired copying model, whose weights are exactly one-hot, and on a random Llama. */
class AttentionKnockoutTest {
    private final Transformer sharp = SharpCopying.build();
    private final AttentionTrace baseline = AttentionTrace.capture(sharp, Tokens.ofIds(new int[]{4, 9, 2, 11, 6, 1}, null));

    @Test
    void theSharpHeadsWeightsAreExactlyOneHot() {
        var m = baseline.head(0, 0);
        for (int i = 1; i < 6; i++)
            for (int j = 0; j <= i; j++) assertEquals(j == i - 1 ? 1f : 0f, m.weight(i, j), 0f, i + "→" + j);
    }

    /** An edge that carries no weight: blocking it changes nothing, bit for bit. */
    @Test
    void knockingOutAnEdgeWithoutWeightChangesNothing() {
        ModelSpec c = sharp.config();
        AttentionKnockout k = AttentionKnockout.run(baseline, EdgeKnockout.edge(c, 0, 0, 5, 2).inHeads(c, 0));
        assertArrayEquals(baseline.logitsLast(), k.knocked().logitsLast(), 0f);
        assertEquals(0, k.shift().klDivergence(), 0);
        assertEquals(0, k.blockedMass(), 0, "head 0 gives it exactly 0");
        AttentionKnockout both = AttentionKnockout.run(baseline, EdgeKnockout.edge(c, 0, 0, 5, 2));
        assertEquals(1.0 / 6, both.blockedMass(), 1e-6, "head 1 attends uniformly: the same edge in it carries 1/6");
        assertTrue(both.shift().klDivergence() > 0);
    }

    /** The edge that carries the previous token: without it the copy of token 6 is gone from the prediction. */
    @Test
    void knockingOutTheCopiedEdgeRemovesTheCopy() {
        AttentionKnockout k = AttentionKnockout.run(baseline, EdgeKnockout.edge(sharp.config(), 0, 0, 5, 4));
        assertTrue(k.shift().klDivergence() > 1e-3, "KL " + k.shift().klDivergence());
        float[] before = baseline.logitsLast(), after = k.knocked().logitsLast();
        assertTrue(after[6] < before[6] - 0.1, "the previous token (6) loses its copied logit: " + before[6] + " → " + after[6]);
        assertEquals(1 + 1.0 / 6, k.blockedMass(), 1e-6, "head 0's whole weight and head 1's uniform share");
        assertEquals(0f, k.knocked().head(0, 0).weight(5, 4), 0f);
    }

    @Test
    void aKeyFromEveryLaterQueryIsBlockedInTheChosenLayersOnly() {
        ModelSpec c = Recipes.named("llama3");
        Transformer model = RandomWeights.create(c, 2, Kernels.best());
        AttentionTrace t = AttentionTrace.capture(model, Tokens.ofIds(new int[]{5, 8, 13, 21, 34, 55, 89}, null));
        AttentionKnockout k = AttentionKnockout.run(t, EdgeKnockout.key(c, 1, 2, 3));
        for (int h = 0; h < c.heads(); h++) {
            assertArrayEquals(t.head(0, h).weights(), k.knocked().head(0, h).weights(), 0f, "layer 0 untouched");
            for (int l = 1; l <= 2; l++) {
                var m = k.knocked().head(l, h);
                for (int i = 4; i < 7; i++) assertEquals(0f, m.weight(i, 3), 0f);
                assertTrue(m.weight(3, 3) > 0, "key 3 still reads itself");
            }
        }
        assertTrue(k.shift().klDivergence() > 0);
        assertEquals("key 3 from every later query in layers 1–2", k.blocked().describe());
    }

    @Test
    void badEdgesAreRefused() {
        ModelSpec c = sharp.config();
        assertThrows(IllegalArgumentException.class, () -> EdgeKnockout.edge(c, 0, 0, 1, 3), "a query cannot read ahead");
        assertThrows(IllegalArgumentException.class, () -> EdgeKnockout.key(c, 0, 1, 0), "no layer 1");
        var e = assertThrows(IllegalArgumentException.class, () -> AttentionKnockout.run(baseline, EdgeKnockout.key(c, 0, 0, 9)));
        assertTrue(e.getMessage().contains("positions 0–5"), e.getMessage());
    }

    /** Mean ablation writes the head's mean output at every position; zero ablation zeros. */
    @Test
    void meanAblationReplacesAHeadsOutputByItsMeanOverThePositions() {
        HeadMask mask = HeadMask.of(sharp.config(), new int[]{0, 0});
        Ablation mean = Ablation.run(baseline, mask, Ablation.Mode.MEAN);
        double[] expected = new double[SharpCopying.DH];
        for (int t = 0; t < 6; t++) {
            float[] o = baseline.headOutput(0, 0, t);
            for (int d = 0; d < expected.length; d++) expected[d] += o[d] / 6;
        }
        for (int t = 0; t < 6; t++) {
            float[] o = mean.ablated().headOutput(0, 0, t);
            for (int d = 0; d < expected.length; d++) assertEquals(expected[d], o[d], 1e-6);
        }
        assertEquals(Ablation.Mode.MEAN, mean.mode());
        Ablation zero = Ablation.run(baseline, mask);
        assertEquals(Ablation.Mode.ZERO, zero.mode());
        for (float x : zero.ablated().headOutput(0, 0, 3)) assertEquals(0f, x, 0f);
        assertNotEquals(zero.nextToken().klDivergence(), mean.nextToken().klDivergence());
    }
}
