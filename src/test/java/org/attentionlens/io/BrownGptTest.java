package org.attentionlens.io;

import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.model.ArchitectureKind;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped brown-gpt, loaded through the registry, is what its model card says: a small GPT-2 within the size
 * budget, the head scores the card reports (by the project's own head analysis), English-looking continuations.
 */
class BrownGptTest {
    private static LoadedModel model;

    @BeforeAll
    static void load() throws ModelLoadException {
        model = ModelRegistry.load(ModelRegistry.BROWN_GPT, Progress.NONE);
    }

    @Test
    void isASmallGpt2WithItsOwnVocabularyWithinTheSizeBudget() throws Exception {
        ModelConfig c = model.config();
        assertEquals(ArchitectureKind.GPT2, c.architecture());
        assertTrue(c.layers() >= 2);
        assertEquals(c.vocabSize(), model.tokenizer().vocabSize());
        assertEquals(c.vocabSize() - 1, model.tokenizer().endOfText().getAsInt());
        long bytes = 0;
        for (String f : List.of("config.json", "model.safetensors", "vocab.json", "merges.txt", "MODEL_CARD.md"))
            try (InputStream in = BrownGptTest.class.getResourceAsStream(ModelRegistry.BROWN_GPT_RESOURCES + f)) {
                assertNotNull(in, f + " is shipped");
                bytes += in.readAllBytes().length;
            }
        assertTrue(bytes <= 25L << 20, bytes + " bytes shipped");
    }

    /**
     * What MODEL_CARD.md reports, by the project's head analysis: the layer-2/3 heads that lean on the previous
     * token (0.31-0.37, below the 0.5 the issue asked for) and no induction head (best 0.026, the card says so).
     */
    @Test
    void headScoresAreTheOnesTheModelCardReports() {
        String text = "The jury said it did find that many of Georgia's registration and election laws are outmoded "
                + "or inadequate and often ambiguous. It recommended that the legislators act to have these laws "
                + "studied and revised to the end of modernizing and improving them.";
        HeadReport r = HeadReport.analyse(model.transformer(), model.tokenizer(),
                List.of(model.tokenizer().encode(text)));
        HeadStats best = r.heads().stream().max(java.util.Comparator.comparingDouble(HeadStats::previousToken)).orElseThrow();
        assertTrue(best.layer() >= 2 && best.previousToken() > 0.3, "strongest previous-token head " + best);
        double induction = r.heads().stream().mapToDouble(h -> h.induction() == null ? 0 : h.induction()).max().orElseThrow();
        assertTrue(induction < 0.1, "the card reports no induction head; the probe now finds " + induction);
    }

    @Test
    void continuesThePromptWithEnglishWords() {
        var tok = model.tokenizer();
        int[] ids = tok.encode("The cat sat on the").ids();
        KvCache cache = new KvCache(model.config(), model.config().context());
        float[] logits = model.transformer().forward(ids, cache, ForwardObserver.NONE).logitsLast();
        int[] out = new int[20];
        for (int i = 0; i < out.length; i++) { // greedy
            int best = 0;
            for (int v = 1; v < logits.length; v++) if (logits[v] > logits[best]) best = v;
            out[i] = best;
            logits = model.transformer().forward(new int[]{best}, cache, ForwardObserver.NONE).logitsLast();
        }
        String text = tok.decode(out);
        Set<String> common = Set.of("the", "of", "and", "a", "to", "in", "was", "he", "it", "that", "his", "is", "for");
        long known = java.util.Arrays.stream(text.toLowerCase().split("[^a-z]+")).filter(common::contains).count();
        assertTrue(known >= 2, "continuation: " + text);
        assertTrue(text.chars().allMatch(ch -> ch < 128), "plain ASCII like the corpus: " + text);
    }
}
