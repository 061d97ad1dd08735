package org.attentionlens.analysis.patching;

import org.attentionlens.analysis.HeadReplacement;
import org.attentionlens.io.Progress;
import org.attentionlens.model.Intervention;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Activation patching's end points are exact, and its grids agree with single patched passes. */
class ActivationPatchingTest {
    private static final int T = 12;

    /** A clean prompt and a corrupted one that differs in two positions. */
    private static Tokens[] prompts(int vocab, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] clean = new int[T];
        for (int t = 0; t < T; t++) clean[t] = rnd.nextInt(vocab);
        int[] corrupt = clean.clone();
        corrupt[3] = (clean[3] + 1) % vocab;
        corrupt[T - 2] = (clean[T - 2] + 5) % vocab;
        return new Tokens[]{Tokens.ofIds(clean, null), Tokens.ofIds(corrupt, null)};
    }

    private static ActivationPatching prepared(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 17, Kernels.best());
        Tokens[] p = prompts(c.vocabSize(), 6);
        return ActivationPatching.prepare(model, p[0], p[1], -1, -1);
    }

    /** The clean stream at every position after any block carries the whole clean run: exactly 100 %. */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama3", "gemma2", "neox", "olmo2"})
    void patchingTheWholeCleanStreamRestoresAllAndPatchingNothingNone(String recipe) {
        ActivationPatching p = prepared(recipe);
        ModelSpec c = p.clean().config();
        boolean[] all = new boolean[T];
        java.util.Arrays.fill(all, true);
        for (int l = 0; l < c.layers(); l++)
            assertEquals(1.0, p.restored(new ResidualPatch(c, l, p.clean().residual(l), all)), 0.0, "after block " + l);
        assertEquals(0.0, p.restored(Intervention.NONE), 0.0);
        assertNotEquals(p.cleanDiff(), p.corruptedDiff());
    }

    @Test
    void theResidualGridAgreesWithWholePassesAndEndsAtOneAtTheLastPosition() {
        ActivationPatching p = prepared("llama3");
        ModelSpec c = p.clean().config();
        List<Double> reported = new ArrayList<>();
        double[][] grid = p.residual((f, what) -> reported.add(f));
        assertEquals(1.0, reported.get(reported.size() - 1), 1e-12);
        assertEquals(1.0, grid[c.layers() - 1][T - 1], 1e-5, "the last block's output at the last position is the answer");
        for (int t = 0; t < T - 1; t++)
            assertEquals(0.0, grid[c.layers() - 1][t], 1e-5, "nothing after the last block reads position " + t);
        for (int l = 0; l < c.layers(); l++)
            for (int t : new int[]{0, 3, T - 2}) {
                boolean[] at = new boolean[T];
                at[t] = true;
                assertEquals(p.restored(new ResidualPatch(c, l, p.clean().residual(l), at)), grid[l][t], 1e-4,
                        "cached prefix vs a whole pass, block " + l + " position " + t);
            }
    }

    @Test
    void theHeadGridIsOnePatchedPassPerHead() {
        ActivationPatching p = prepared("gpt2-gqa");
        ModelSpec c = p.clean().config();
        double[][] grid = p.heads(Progress.NONE);
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++)
                assertEquals(p.restored(HeadReplacement.patch(p.clean(), List.of(new int[]{l, h}))), grid[l][h], 0.0);
        List<int[]> every = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) for (int h = 0; h < c.heads(); h++) every.add(new int[]{l, h});
        double all = p.restored(HeadReplacement.patch(p.clean(), every));
        assertNotEquals(0.0, all, "patching every head moves the answer");
    }

    @Test
    void positionsBeforeTheFirstDifferenceRestoreNothing() {
        ActivationPatching p = prepared("gpt2");
        double[][] grid = p.residual(Progress.NONE);
        for (double[] layer : grid)
            for (int t = 0; t < 3; t++) assertEquals(0.0, layer[t], 1e-4, "positions 0–2 are the same in both prompts");
    }

    @Test
    void promptsOfDifferentLengthsOrEncodersAreRefused() {
        ModelSpec c = Recipes.named("gpt2");
        Transformer model = RandomWeights.create(c, 1, Kernels.best());
        var e = assertThrows(IllegalArgumentException.class, () -> ActivationPatching.prepare(model,
                Tokens.ofIds(new int[]{1, 2, 3}, null), Tokens.ofIds(new int[]{1, 2}, null), -1, -1));
        assertTrue(e.getMessage().contains("same length"), e.getMessage());
        var same = assertThrows(IllegalArgumentException.class, () -> ActivationPatching.prepare(model,
                Tokens.ofIds(new int[]{1, 2, 3}, null), Tokens.ofIds(new int[]{1, 2, 3}, null), 4, 5));
        assertTrue(same.getMessage().contains("nothing to restore"), same.getMessage());
        Transformer bert = RandomWeights.create(Recipes.named("bert"), 1, Kernels.best());
        var enc = assertThrows(IllegalArgumentException.class, () -> ActivationPatching.prepare(bert,
                Tokens.ofIds(new int[]{1, 2}, null), Tokens.ofIds(new int[]{1, 3}, null), -1, -1));
        assertTrue(enc.getMessage().contains("encoder"), enc.getMessage());
    }
}
