package org.attentionlens.ui.lecture;

import org.attentionlens.model.ArchitectureKind;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.HeadStep;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.sampling.Sampler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lecture's decode step is the app's decode step: the same token through {@link DecodeSession} gives the same
 * q, scores, weights, head outputs and cached keys and values, bit for bit (same kernels, same cached path).
 */
class DecodeStepCaptureTest {

    @Test
    void matchesTheDecodeSessionStepExactly() {
        LoadedModel m = LectureFixtures.model(ArchitectureKind.GPT2, 51);
        int[] ids = m.tokenizer().encode(LectureFixtures.CAT).ids();
        int prefix = 5;
        DecodeSession session = new DecodeSession(m.transformer(), m.tokenizer(), Arrays.copyOf(ids, prefix),
                forced(ids[prefix]), false);
        DecodeStep step = session.step();
        assertEquals(prefix, step.position());
        DecodeStepCapture capture = DecodeStepCapture.run(m.transformer(), m.tokenizer().encode(LectureFixtures.CAT),
                prefix);
        for (int l = 0; l < m.config().layers(); l++)
            for (int h = 0; h < m.config().heads(); h++) {
                HeadStep s = step.head(l, h);
                HeadWalk w = capture.walk(l, h, 0);
                assertArrayEquals(s.q(), w.q(), 0f);
                assertArrayEquals(s.scores(), w.scores(), 0f);
                assertArrayEquals(s.weights(), w.weights(), 0f);
                assertArrayEquals(s.output(), w.headOutput(), 0f);
                KvSnapshot kv = session.kv(l, h);
                assertArrayEquals(kv.keys(), w.keys(), 0f);
                assertArrayEquals(kv.values(), w.values(), 0f);
                assertArrayEquals(s.k(), w.k(prefix), 0f, "the new key, computed in this step");
            }
    }

    @Test
    void theSlideCheckAgainstTheFullPassIsSmallAndOnlyForDecodeSteps() {
        LoadedModel m = LectureFixtures.model(ArchitectureKind.GPT2, 52);
        LectureSource decode = LectureSource.runDecode(m, LectureFixtures.CAT, -2);
        assertEquals(decode.trace().length() - 2, decode.decode().prefix(), "-2 counts from the end");
        for (int h = 0; h < m.config().heads(); h++) {
            double diff = decode.recomputeDifference(decode.walk(1, h, 0, 0));
            assertTrue(diff < 1e-5, "head " + h + ": " + diff);
        }
        LectureSource full = LectureSource.of(m, LectureFixtures.CAT, decode.trace());
        assertTrue(Double.isNaN(full.recomputeDifference(full.walk(1, 0, 3, 0))));
    }

    @Test
    void aStepOfTheAppsDecodeSessionIsWalkedWithItsOwnNumbers() {
        LoadedModel m = LectureFixtures.model(ArchitectureKind.GPT2, 53);
        int[] prompt = m.tokenizer().encode("the cat sat").ids();
        DecodeSession session = new DecodeSession(m.transformer(), m.tokenizer(), prompt, Sampler.greedy(), false);
        session.step();
        DecodeStep second = session.step();
        session.step();
        LectureSource src = LectureSource.ofDecodeStep(m, session, second);
        assertTrue(src.isDecode());
        assertEquals(prompt.length + 1, src.decode().prefix(), "the step's token is the new one, later ones are not there");
        for (int l = 0; l < m.config().layers(); l++)
            for (int h = 0; h < m.config().heads(); h++) {
                HeadWalk w = src.walk(l, h, 0, 0);
                assertArrayEquals(second.head(l, h).weights(), w.weights(), 0f);
                assertArrayEquals(second.head(l, h).output(), w.headOutput(), 0f);
            }
        assertEquals(m.tokenizer().displayToken(second.tokenId()), src.walk(0, 0, 0, 0).token(second.position()));
    }

    /** Always draws the given token: the step then runs exactly the text's next token. */
    private static Sampler forced(int token) {
        return new Sampler() {
            @Override
            public double[] distribution(float[] logits) {
                double[] p = new double[logits.length];
                p[token] = 1;
                return p;
            }

            @Override
            public int pick(double[] distribution, long draw) {
                return token;
            }
        };
    }
}
