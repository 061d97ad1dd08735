package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.TinyModels;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Rollout against a two-layer case multiplied out by hand, and its rows on a real pass. */
class AttentionRolloutTest {

    @Test
    void twoLayersByHand() {
        // A1 = [[1, 0], [.5, .5]] → Â1 = .5·A1 + .5·I = [[1, 0], [.25, .75]]
        // A2 = [[1, 0], [1, 0]]   → Â2 = [[1, 0], [.5, .5]]
        // R2 = Â2 · Â1 = [[1, 0], [.5 + .125, .375]] = [[1, 0], [.625, .375]]
        AttentionRollout r = AttentionRollout.of(new float[][]{{1, 0, .5f, .5f}, {1, 0, 1, 0}}, 2);
        assertArrayEquals(new float[]{1, 0, .25f, .75f}, r.upTo(0), 1e-7f);
        assertArrayEquals(new float[]{1, 0, .625f, .375f}, r.total(), 1e-7f);
    }

    @Test
    void bidirectionalByHand() {
        // A = [[.5, .5], [.2, .8]] → Â = [[.75, .25], [.1, .9]]; R2 = Â·Â.
        float[] a = {.5f, .5f, .2f, .8f};
        AttentionRollout r = AttentionRollout.of(new float[][]{a, a}, 2);
        assertArrayEquals(new float[]{.75f * .75f + .25f * .1f, .75f * .25f + .25f * .9f,
                .1f * .75f + .9f * .1f, .1f * .25f + .9f * .9f}, r.total(), 1e-6f);
    }

    @Test
    void rowsSumToOneOnARealPass() {
        Transformer model = TinyModels.random(TinyModels.gpt2(32), 5);
        AttentionTrace trace = AttentionTrace.capture(model, new ByteTokenizer(false).encode("rollout rows"));
        AttentionRollout r = AttentionRollout.of(trace);
        int T = trace.length();
        assertEquals(2, r.layers());
        for (int l = 0; l < r.layers(); l++)
            for (int i = 0; i < T; i++) {
                double sum = 0;
                for (int j = 0; j < T; j++) {
                    sum += r.get(l, i, j);
                    if (j > i) assertEquals(0f, r.get(l, i, j), "causal: nothing flows from the future");
                }
                assertEquals(1, sum, 1e-5);
            }
        // Layer 0 is Â_1 itself: .5 · (mean over heads) + .5 · I.
        float expected = 0;
        for (int h = 0; h < 4; h++) expected += trace.head(0, h).weight(5, 2) / 4;
        assertEquals(.5f * expected, r.get(0, 5, 2), 1e-6f);
    }
}
