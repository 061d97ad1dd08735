package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.TinyModels;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.*;

/** The probe finds the induction head planted by hand, and only it; and it builds its sequence as stated. */
class InductionProbeTest {
    private final Tokenizer bytes = new ByteTokenizer(false);

    @Test
    void findsThePlantedInductionHeadAndOnlyIt() {
        Transformer model = PlantedInduction.build();
        InductionProbe.Result r = InductionProbe.run(model, bytes, 7).orElseThrow();
        assertEquals(20, r.half(), "context 40 caps the half at 20");
        System.out.printf("planted induction scores: L0 %.3f %.3f, L1 %.3f %.3f%n",
                r.score(0, 0), r.score(0, 1), r.score(1, 0), r.score(1, 1));
        assertTrue(r.score(1, 0) >= 0.3, "induction head " + r.score(1, 0));
        assertTrue(r.score(0, 0) < 0.1, "previous-token head " + r.score(0, 0));
        assertTrue(r.score(0, 1) < 0.1, "uniform head " + r.score(0, 1));
        assertTrue(r.score(1, 1) < 0.1, "uniform head " + r.score(1, 1));

        // The report classifies both circuit heads.
        HeadReport report = HeadReport.analyse(model, bytes, java.util.List.of(tokens(r.ids())));
        assertEquals(HeadKind.INDUCTION, report.head(1, 0).kind());
        assertEquals(HeadKind.PREVIOUS_TOKEN, report.head(0, 0).kind());
        assertTrue(report.head(0, 0).previousToken() > 0.9);
        assertNotEquals(HeadKind.INDUCTION, report.head(1, 1).kind());
        // On the probe text itself the induction head also prefix-matches.
        assertTrue(report.head(1, 0).prefixMatching() > 0.5);
    }

    @Test
    void theSequenceIsARandomHalfRepeatedWithoutSpecialTokens() {
        Transformer model = TinyModels.random(TinyModels.gpt2(64), 2);
        Tokenizer withEot = new ByteTokenizer(true);
        InductionProbe.Result r = InductionProbe.run(model, withEot, 3).orElseThrow();
        assertEquals(32, r.half());
        assertEquals(0, r.firstCopy());
        assertEquals(64, r.ids().length);
        for (int t = 0; t < 32; t++) {
            assertEquals(r.ids()[t], r.ids()[t + 32]);
            assertNotEquals(ByteTokenizer.END_OF_TEXT, r.ids()[t]);
        }
        assertArrayEquals(r.ids(), InductionProbe.run(model, withEot, 3).orElseThrow().ids(), "seeded");
        assertFalse(java.util.Arrays.equals(r.ids(), InductionProbe.run(model, withEot, 4).orElseThrow().ids()));
    }

    @Test
    void wrapsTheProbeInTheEncodersSpecialTokens() {
        Transformer bert = TinyModels.random(TinyModels.bert(30), 2);
        Tokenizer wrapping = new ByteTokenizer(false) {
            @Override
            public Tokens encode(String text) {
                Tokens inner = super.encode(text);
                int T = inner.size() + 2;
                int[] ids = new int[T];
                ids[0] = 200; // "[CLS]"
                System.arraycopy(inner.ids(), 0, ids, 1, inner.size());
                ids[T - 1] = 201; // "[SEP]"
                return new Tokens(ids, new int[T], new int[T], new String[T]);
            }

            @Override
            public String rawToken(int id) {
                return id == 200 ? "[CLS]" : id == 201 ? "[SEP]" : id == 202 ? "[MASK]" : super.rawToken(id);
            }

            @Override
            public OptionalInt endOfText() {
                return OptionalInt.empty();
            }
        };
        InductionProbe.Result r = InductionProbe.run(bert, wrapping, 1).orElseThrow();
        assertEquals(14, r.half(), "(30 − 2) / 2");
        assertEquals(1, r.firstCopy());
        assertEquals(200, r.ids()[0]);
        assertEquals(201, r.ids()[29]);
        for (int t = 1; t < 29; t++) assertTrue(r.ids()[t] < 200 || r.ids()[t] > 202, "no special inside");
        // The score is the stated mean, checked against the trace directly.
        AttentionTrace trace = AttentionTrace.capture(bert, tokens(r.ids()));
        HeadMatrices m = trace.head(1, 2);
        double sum = 0;
        for (int i = 15; i < 29; i++) sum += m.weight(i, i - 13);
        assertEquals(sum / 14, r.score(1, 2), 1e-9);
    }

    @Test
    void missingWhenTheContextIsTooShort() {
        assertTrue(InductionProbe.run(TinyModels.random(TinyModels.gpt2(7), 1), bytes, 1).isEmpty());
        assertTrue(InductionProbe.run(TinyModels.random(TinyModels.gpt2(8), 1), bytes, 1).isPresent());
    }

    static Tokens tokens(int[] ids) {
        int T = ids.length;
        String[] d = new String[T];
        java.util.Arrays.fill(d, "");
        return new Tokens(ids, new int[T], new int[T], d);
    }
}
