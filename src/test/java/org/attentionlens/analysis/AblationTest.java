package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.TinyModels;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ablation against an independent reference: the same model with that head's rows of W_O set to zero
 * (tolerance 1e-5), and the structural facts: earlier layers' attention is untouched, later layers' moves.
 */
class AblationTest {
    private final ByteTokenizer bytes = new ByteTokenizer(false);

    @Test
    void switchingAHeadOffEqualsZeroingItsSliceOfWO() {
        ModelSpec c = TinyModels.gpt2(32);
        Transformer model = TinyModels.random(c, 17);
        Tokens text = bytes.encode("heads at work");
        AttentionTrace baseline = AttentionTrace.capture(model, text);
        Ablation a = Ablation.run(baseline, HeadMask.of(c, new int[]{0, 1}));

        float[] reference = withoutHead(model, 0, 1).forward(text.ids(), ForwardObserver.NONE).logitsLast();
        float[] ablatedLogits = a.ablated().logitsLast();
        for (int i = 0; i < reference.length; i++) assertEquals(reference[i], ablatedLogits[i], 1e-5);
        assertArrayEquals(new float[c.dHead()], a.ablated().headOutput(0, 1, 4), "the head's output is zero");

        for (int h = 0; h < c.heads(); h++) {
            assertEquals(0.0, a.attentionChange(0, h), "layer 0 attends before the ablation takes effect");
            assertTrue(a.attentionChange(1, h) > 0, "layer 1 reads a changed residual");
        }
        assertTrue(a.nextToken().klDivergence() > 0);
        assertTrue(a.nextToken().maxAbsDeltaP() > 0);
        assertTrue(a.hiddenChange() > 0);
        assertTrue(a.nextToken().top().size() >= 10);
        for (int r = 1; r < a.nextToken().top().size(); r++)
            assertTrue(a.nextToken().top().get(r - 1).pBefore() >= a.nextToken().top().get(r).pBefore());
    }

    @Test
    void anEmptyMaskChangesNothing() {
        ModelSpec c = TinyModels.gpt2(32);
        Transformer model = TinyModels.random(c, 17);
        Ablation a = Ablation.run(AttentionTrace.capture(model, bytes.encode("nothing")), HeadMask.of(c));
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) assertEquals(0.0, a.attentionChange(l, h));
        assertEquals(0.0, a.nextToken().klDivergence(), 1e-12);
        assertEquals(0.0, a.hiddenChange());
    }

    @Test
    void encodersReportAttentionAndHiddenChangesButNoNextToken() {
        ModelSpec c = TinyModels.bert(32);
        Transformer model = TinyModels.random(c, 3);
        Ablation a = Ablation.run(AttentionTrace.capture(model, bytes.encode("an encoder")),
                HeadMask.of(c, new int[]{0, 0}, new int[]{0, 3}));
        assertNull(a.nextToken());
        assertTrue(a.hiddenChange() > 0);
        assertEquals(0.0, a.attentionChange(0, 2));
        assertTrue(a.attentionChange(1, 2) > 0);
    }

    @Test
    void badHeadsAreRefusedWithAMessage() {
        ModelSpec c = TinyModels.gpt2(8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadMask.of(c, new int[]{2, 0}));
        assertTrue(e.getMessage().contains("2 layers × 4 heads"), e.getMessage());
    }

    /** A copy of model whose W_O rows h·Dh … (h+1)·Dh in layer l are zero. */
    private static Transformer withoutHead(Transformer model, int layer, int head) {
        ModelSpec c = model.config();
        ModelWeights w = model.weights();
        List<LayerWeights> layers = new ArrayList<>(w.layers());
        LayerWeights lw = layers.get(layer);
        float[] wo = lw.attention().wo().toRowMajor(); // (H·Dh, D)
        java.util.Arrays.fill(wo, head * c.dHead() * c.dModel(), (head + 1) * c.dHead() * c.dModel(), 0f);
        Matrix zeroed = model.kernels().pack(wo, c.qWidth(), c.dModel());
        AttentionWeights a = lw.attention();
        layers.set(layer, new LayerWeights(lw.attentionNorm(), new AttentionWeights(a.wq(), a.bq(), a.wk(), a.bk(),
                a.wv(), a.bv(), a.qNorm(), a.kNorm(), zeroed, a.bo()), lw.attentionOutputNorm(), lw.mlpNorm(), lw.mlp(),
                lw.mlpOutputNorm()));
        return new Transformer(c, new ModelWeights(w.tokenEmbedding(), w.positionEmbedding(), w.typeEmbedding(),
                w.embeddingNorm(), layers, w.finalNorm(), w.lmHead()), model.kernels());
    }
}
