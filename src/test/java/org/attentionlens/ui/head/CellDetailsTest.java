package org.attentionlens.ui.head;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.TestModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers the details panel shows add up: the dot product it computes from q_i and k_j (in double)
 * times 1/√Dh equals the trace's score (float kernels; tolerance 1e-5 relative), the weighted value is α·v_j,
 * and the contribution is α·‖v_j W_O^h‖.
 */
class CellDetailsTest {

    @Test
    void theArithmeticMatchesTheTraceForEveryCellOfACausalHead() throws Exception {
        LoadedModel m = new TestModels().load(TestModels.GPT, (f, s) -> {
        });
        AttentionTrace t = AttentionTrace.capture(m.transformer(), m.tokenizer().encode("a small causal test of the cell details"));
        HeadMatrices h = t.head(1, 2);
        int T = t.length();
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) {
                CellDetails d = CellDetails.of(t, h, i, j);
                assertEquals(16, d.q().length);
                assertEquals(0.25, d.scale(), 0);
                assertEquals(d.score(), d.dot() * d.scale(), 1e-5 * Math.max(1, Math.abs(d.score())), "cell " + i + "," + j);
                double sum = 0;
                for (float p : d.product()) sum += p;
                assertEquals(d.dot(), sum, 1e-6 * Math.max(1, Math.abs(d.dot())));
                float[] v = t.value(1, 2, j);
                for (int k = 0; k < v.length; k++) assertEquals(d.weight() * v[k], d.weightedValue()[k], 0);
                assertEquals(d.weight() * d.valueNorm(), d.contribution(), 1e-6);
                assertEquals(j > i, d.masked());
                if (j > i) assertEquals(0, d.weight(), 0);
            }
        CellDetails d = CellDetails.of(t, h, 3, 1);
        assertArrayEquals(t.query(1, 2, 3), d.q());
        assertArrayEquals(t.key(1, 2, 1), d.k());
        assertTrue(d.queryToken().length() > 0);
    }
}
