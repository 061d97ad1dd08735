package org.attentionlens.model;

import org.attentionlens.sampling.Sampler;
import org.attentionlens.sampling.SamplingSettings;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The cached decode against independent references: a full forward pass without cache captured as an
 * {@link AttentionTrace} (q, k, v rows, weights, value norms, head outputs, logits), tolerance 1e-4.
 */
class DecodeSessionTest {
    private static final double TOLERANCE = 1e-4;
    private final Tokenizer bytes = new ByteTokenizer(false);

    @Test
    void cachedDecodeEqualsFullRecomputeOverManySteps() {
        checkAgainstRecompute(TinyModels.gpt2(64), 24);
    }

    @Test
    void groupedQueryAttentionDecodeEqualsFullRecompute() {
        checkAgainstRecompute(TinyModels.gpt2Grouped(64), 20);
    }

    /** Every causal family's recipe (windows shorter than the text, RoPE, QK-norm, soft-caps, GQA, parallel blocks). */
    @ParameterizedTest
    @MethodSource("org.attentionlens.model.walk.DecodeStepCaptureTest#causalRecipes")
    void everyCausalFamilysCachedDecodeEqualsFullRecompute(String recipe) {
        checkAgainstRecompute(Recipes.named(recipe), new int[]{5, 17, 3, 44}, 24);
    }

    private void checkAgainstRecompute(ModelSpec c, int n) {
        checkAgainstRecompute(c, bytes.encode("The cat").ids(), n);
    }

    private void checkAgainstRecompute(ModelSpec c, int[] prompt, int n) {
        Transformer model = TinyModels.random(c, 11);
        DecodeSession s = new DecodeSession(model, bytes, prompt,
                Sampler.of(new SamplingSettings(1.0, 0, 1.0, 5)), true);
        for (int i = 0; i < n; i++) {
            DecodeStep step = s.step();
            assertEquals(i, step.index());
            assertEquals(prompt.length + i, step.position());
            assertEquals(prompt.length + i + 1, step.cacheLen(), "cache_len grows by one each step");
            assertTrue(step.checked());
            assertTrue(step.maxAbsDiffVsRecompute() < TOLERANCE, "self-check " + step.maxAbsDiffVsRecompute());
            assertEquals(2L * c.layers() * c.kvHeads() * step.cacheLen() * c.dHead() * 4, step.cacheBytes());
            assertTrue(step.cachedFlops() < step.recomputeFlops());
        }
        int[] all = s.ids();
        assertEquals(prompt.length + n, all.length);
        assertArrayEquals(prompt, Arrays.copyOf(all, prompt.length));

        // Independent reference: one pass over the whole sequence, no cache, rebuilt per head by AttentionTrace.
        AttentionTrace full = AttentionTrace.capture(model, Tokens.ofIds(all, null));
        assertArrayEquals(all, full.tokens().ids());
        for (DecodeStep step : s.steps()) {
            int i = step.position();
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    HeadStep hs = step.head(l, h);
                    HeadMatrices m = full.head(l, h);
                    assertEquals(i + 1, hs.cacheLen());
                    assertClose(full.query(l, h, i), hs.q());
                    assertClose(full.key(l, h, i), hs.k());
                    assertClose(full.value(l, h, i), hs.v());
                    assertClose(full.headOutput(l, h, i), hs.output());
                    for (int j = 0; j <= i; j++) {
                        assertEquals(m.score(i, j), hs.score(j), TOLERANCE);
                        assertEquals(m.weight(i, j), hs.weight(j), TOLERANCE);
                        assertEquals(full.valueNorm(l, h, j), hs.valueNorms()[j], TOLERANCE);
                        assertEquals(m.contribution(i, j), hs.contribution(j), TOLERANCE);
                    }
                }
        }
        // The logits after the last step predict the token after the whole sequence.
        assertClose(full.logitsLast(), s.pendingLogits());
    }

    @Test
    void topTenIsTheModelsDistributionWithTheChosenToken() {
        Transformer model = TinyModels.random(TinyModels.gpt2(32), 3);
        DecodeSession s = new DecodeSession(model, bytes, bytes.encode("ab").ids(),
                Sampler.of(SamplingSettings.greedy()), false);
        float[] logits = s.pendingLogits();
        DecodeStep step = s.step();
        assertFalse(step.checked());
        List<TokenChoice> top = step.top();
        assertEquals(10, top.size());
        int argmax = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[argmax]) argmax = i;
        assertEquals(argmax, step.tokenId(), "greedy takes the argmax");
        assertEquals(argmax, top.get(0).id());
        assertEquals(1.0, step.chosen().pSampled(), 0);
        for (int r = 1; r < top.size(); r++) {
            assertTrue(top.get(r - 1).p() >= top.get(r).p());
            assertEquals(0.0, top.get(r).pSampled(), 0, "greedy leaves no mass elsewhere");
        }
        // p is the softmax of the logits: the ratio of two p equals exp of the logit difference.
        TokenChoice a = top.get(0), b = top.get(1);
        assertEquals(Math.exp(logits[a.id()] - logits[b.id()]), a.p() / b.p(), 1e-6);
        assertEquals(bytes.decode(new int[]{step.tokenId()}), step.token());
    }

    @Test
    void stepBackThenStepReproducesTheSameStep() {
        Transformer model = TinyModels.random(TinyModels.gpt2(64), 21);
        DecodeSession s = new DecodeSession(model, bytes, bytes.encode("Once").ids(),
                Sampler.of(new SamplingSettings(0.9, 40, 0.95, 99)), true);
        for (int i = 0; i < 6; i++) s.step();
        List<DecodeStep> before = s.steps();
        float[] pendingBefore = s.pendingLogits();
        KvSnapshot kvBefore = s.kv(1, 2);

        s.stepBack();
        assertEquals(5, s.steps().size());
        assertEquals(before.subList(0, 5), s.steps(), "earlier records stay as they were");
        assertEquals(before.get(5).position(), s.length(), "the cache lost one position");
        DecodeStep again = s.step();
        DecodeStep first = before.get(5);
        assertEquals(first.tokenId(), again.tokenId());
        assertEquals(first.cacheLen(), again.cacheLen());
        assertEquals(first.top(), again.top());
        for (int l = 0; l < 2; l++)
            for (int h = 0; h < 4; h++) {
                assertArrayEquals(first.head(l, h).weights(), again.head(l, h).weights());
                assertArrayEquals(first.head(l, h).scores(), again.head(l, h).scores());
                assertArrayEquals(first.head(l, h).output(), again.head(l, h).output());
            }
        assertArrayEquals(pendingBefore, s.pendingLogits());
        assertArrayEquals(kvBefore.keys(), s.kv(1, 2).keys());
        assertArrayEquals(kvBefore.values(), s.kv(1, 2).values());

        for (int i = 0; i < 6; i++) s.stepBack();
        assertEquals(0, s.steps().size());
        assertEquals(4, s.length());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::stepBack);
        assertTrue(e.getMessage().contains("only the prompt"));
        assertEquals(before.get(0).tokenId(), s.step().tokenId(), "from the prompt again, the same first token");
    }

    @Test
    void kvSnapshotHoldsEveryPositionsKeyAndValueRow() {
        Transformer model = TinyModels.random(TinyModels.gpt2Grouped(32), 8);
        int[] prompt = bytes.encode("xyz").ids();
        DecodeSession s = new DecodeSession(model, bytes, prompt, Sampler.greedy(), false);
        for (int i = 0; i < 5; i++) s.step();
        KvSnapshot kv = s.kv(1, 3);
        assertEquals(8, kv.positions());
        assertEquals(8, kv.dHead());
        AttentionTrace full = AttentionTrace.capture(model, Tokens.ofIds(s.ids(), null));
        for (int j = 0; j < 8; j++) {
            assertClose(full.key(1, 3, j), kv.key(j));
            assertClose(full.value(1, 3, j), kv.value(j));
        }
        for (DecodeStep step : s.steps()) {
            assertArrayEquals(step.head(1, 3).k(), kv.key(step.position()));
            assertArrayEquals(step.head(1, 3).v(), kv.value(step.position()));
        }
        assertEquals(2L * 2 * 2 * 8 * 8 * 4, s.cacheBytes());
    }

    @Test
    void stopsAtTheContextLimitWithAMessage() {
        Transformer model = TinyModels.random(TinyModels.gpt2(12), 4);
        DecodeSession s = new DecodeSession(model, bytes, bytes.encode("0123456789").ids(), Sampler.greedy(), true);
        assertTrue(s.canStep());
        s.step();
        s.step();
        assertFalse(s.canStep());
        assertEquals("reached the context limit of 12 positions", s.stopReason().orElseThrow());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("context limit of 12"));
        s.stepBack();
        assertTrue(s.canStep(), "stepping back frees a position");
    }

    @Test
    void stopsAtTheEndOfTextToken() {
        Tokenizer withEot = new ByteTokenizer(true);
        Transformer model = TinyModels.random(TinyModels.gpt2(32), 4);
        Sampler alwaysEot = new Sampler() {
            @Override
            public double[] distribution(float[] logits) {
                double[] p = new double[logits.length];
                p[ByteTokenizer.END_OF_TEXT] = 1;
                return p;
            }

            @Override
            public int pick(double[] distribution, long draw) {
                return ByteTokenizer.END_OF_TEXT;
            }
        };
        DecodeSession s = new DecodeSession(model, withEot, withEot.encode("hi").ids(), alwaysEot, true);
        DecodeStep step = s.step();
        assertEquals(ByteTokenizer.END_OF_TEXT, step.tokenId());
        assertEquals("stopped at the end-of-text token", s.stopReason().orElseThrow());
        assertEquals("", s.generatedText(), "the end-of-text token is not part of the text");
        assertThrows(IllegalStateException.class, s::step);
    }

    @Test
    void refusesEncodersAndBadPrompts() {
        Transformer bert = TinyModels.random(TinyModels.bert(16), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecodeSession(bert, bytes, new int[]{1, 2}, Sampler.greedy(), true));
        assertTrue(e.getMessage().contains("bidirectional encoder"), e.getMessage());
        assertTrue(e.getMessage().contains("brown-gpt"), e.getMessage());

        Transformer gpt = TinyModels.random(TinyModels.gpt2(8), 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> new DecodeSession(gpt, bytes, new int[0], Sampler.greedy(), true));
        assertTrue(e.getMessage().contains("empty"));
        e = assertThrows(IllegalArgumentException.class,
                () -> new DecodeSession(gpt, bytes, new int[9], Sampler.greedy(), true));
        assertTrue(e.getMessage().contains("at most 8 positions"), e.getMessage());
    }

    @Test
    void costsFollowTheFormulas() {
        ModelSpec c = TinyModels.gpt2(64);
        long projections = 2L * 32 * (32 + 2 * 32) + 2L * 32 * 32 + 4L * 32 * 64;
        long lmHead = 2L * 32 * 257;
        assertEquals(2 * (projections + 4L * 4 * 8 * 10) + lmHead, DecodeCost.cachedStep(c, 10));
        assertEquals(2 * (3 * projections + 4L * 4 * 8 * (1 + 2 + 3)) + lmHead, DecodeCost.recompute(c, 3));
        assertEquals(DecodeCost.cachedStep(c, 1), DecodeCost.recompute(c, 1));
    }


    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], TOLERANCE, "element " + i);
    }
}
