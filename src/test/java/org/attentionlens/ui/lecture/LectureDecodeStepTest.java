package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.sampling.Sampler;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A lecture source for a decode step: the slide's check against the full pass, and steps of the app's session. */
class LectureDecodeStepTest {

    @Test
    void theSlideCheckAgainstTheFullPassIsSmallAndOnlyForDecodeSteps() {
        LoadedModel m = LectureFixtures.model(LectureFixtures.Kind.GPT2, 52);
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
        LoadedModel m = LectureFixtures.model(LectureFixtures.Kind.GPT2, 53);
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
}
