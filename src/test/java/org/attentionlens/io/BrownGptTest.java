package org.attentionlens.io;

import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.KvCache;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.cli.GenerateCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
        ModelSpec c = model.config();
        assertEquals("gpt2", c.family());
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
     * What MODEL_CARD.md reports and the issue asks for, by the project's own head analysis on ordinary text and
     * the induction probe: a previous-token head in layer 0 (L0.H1, mean weight on i−1 ≥ 0.5) and an induction
     * head in layer 1 (L1.H3, ≥ 0.3) that composes with it.
     */
    @Test
    void hasThePreviousTokenAndInductionHeadsTheModelCardReports() {
        String text = "The jury said it did find that many of Georgia's registration and election laws are outmoded "
                + "or inadequate and often ambiguous. It recommended that the legislators act to have these laws "
                + "studied and revised to the end of modernizing and improving them.";
        HeadReport r = HeadReport.analyse(model.transformer(), model.tokenizer(),
                List.of(model.tokenizer().encode(text)));
        HeadStats previous = r.heads().stream().max(java.util.Comparator.comparingDouble(HeadStats::previousToken)).orElseThrow();
        assertEquals(List.of(0, 1), List.of(previous.layer(), previous.head()), "strongest previous-token head " + previous);
        assertTrue(previous.previousToken() >= 0.5, "previous-token score " + previous.previousToken());
        HeadStats induction = r.heads().stream()
                .max(java.util.Comparator.comparingDouble(h -> h.induction() == null ? 0 : h.induction())).orElseThrow();
        assertEquals(List.of(1, 3), List.of(induction.layer(), induction.head()), "strongest induction head " + induction);
        assertTrue(induction.induction() >= 0.3, "induction score " + induction.induction());
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
        // the 50 most frequent English words (as usually listed); a continuation of English has several
        Set<String> common = Set.of("the", "be", "to", "of", "and", "a", "in", "that", "have", "i", "it", "for",
                "not", "on", "with", "he", "as", "you", "do", "at", "this", "but", "his", "by", "from", "they", "we",
                "say", "her", "she", "or", "an", "will", "my", "one", "all", "would", "there", "their", "what", "so",
                "up", "out", "if", "about", "who", "get", "which", "go", "me");
        long known = java.util.Arrays.stream(text.toLowerCase().split("[^a-z]+")).filter(common::contains).count();
        assertTrue(known >= 2, "continuation: " + text);
        assertTrue(text.chars().allMatch(ch -> ch < 128), "plain ASCII like the corpus: " + text);
    }

    @Test
    void samplingIsReproducibleForASeed() {
        String first = generate("1"), again = generate("1"), other = generate("2");
        assertEquals(first, again, "same seed, same text");
        assertNotEquals(first, other, "another seed draws other tokens");
        assertTrue(first.length() > 20, first);
    }

    /** generate --model brown-gpt with temperature 0.8, top-k 40 and the given seed; its standard output. */
    private static String generate(String seed) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cmd = new picocli.CommandLine(new GenerateCommand((id, progress) -> model));
        cmd.setOut(new PrintWriter(out));
        assertEquals(0, cmd.execute("--model", "brown-gpt", "--prompt", "The cat sat on the", "--steps", "30",
                "--temperature", "0.8", "--top-k", "40", "--seed", seed));
        return out.toString();
    }
}
