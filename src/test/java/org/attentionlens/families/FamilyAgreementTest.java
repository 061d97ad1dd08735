package org.attentionlens.families;

import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.sampling.SamplingSettings;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app's loader and forward pass against the independent double-precision reference of each family, on
 * checkpoints written in that family's exact Hugging Face layout (both config layouts, F32/BF16/F16, shards, RoPE
 * scalings past position 1,000, sliding windows shorter than the text): every attention weight within 1e-4, the
 * last hidden state and logits within 1e-4 of their largest magnitude. For causal families, 20 cached decode steps
 * each equal a full recompute within 1e-4.
 */
class FamilyAgreementTest {

    static List<String> cases() {
        return FamilyCases.all().stream().map(FamilyCase::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadedModelAgreesWithTheFamilysDefinition(String name, @TempDir Path dir) throws Exception {
        FamilyCase c = FamilyCases.named(name);
        FamilyCheckpoint ckpt = FamilyCheckpoint.write(c, dir.resolve(name));
        LoadedModel m = ModelRegistry.loadFolder(ckpt.dir(), Progress.NONE);
        ModelSpec s = m.config();
        assertEquals(List.of(ckpt.layers(), ckpt.heads(), ckpt.kvHeads(), ckpt.vocabSize(), ckpt.causal()),
                List.of(s.layers(), s.heads(), s.kvHeads(), s.vocabSize(), s.causal()), name + ": shape");
        int[] ids = c.ids();
        Reference ref = ReferenceForward.run(ckpt, ids);
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), Tokens.ofIds(ids, null));
        int T = ids.length;
        double worst = 0;
        for (int l = 0; l < s.layers(); l++)
            for (int h = 0; h < s.heads(); h++) {
                var head = trace.head(l, h);
                for (int i = 0; i < T; i++)
                    for (int j = 0; j < T; j++) {
                        double d = Math.abs(ref.attentions()[l][h][i][j] - head.weight(i, j));
                        worst = Math.max(worst, d);
                        if (d > 1e-4)
                            throw new AssertionError(name + ": attention " + l + "." + h + " (" + i + ", " + j + ") "
                                    + ref.attentions()[l][h][i][j] + " vs " + head.weight(i, j));
                    }
            }
        float[] hidden = trace.hidden();
        assertClose(ref.hiddenLast(), Arrays.copyOfRange(hidden, (T - 1) * s.dModel(), T * s.dModel()), name + ": hidden");
        if (s.causal()) assertClose(ref.logitsLast(), trace.logitsLast(), name + ": logits");
        assertTrue(worst <= 1e-4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cachedDecodeEqualsFullRecompute(String name, @TempDir Path dir) throws Exception {
        FamilyCase c = FamilyCases.named(name);
        if (!FamilyCheckpoint.write(c, dir.resolve(name)).causal() || c.testLength() > 200) return;
        LoadedModel m = ModelRegistry.loadFolder(dir.resolve(name), Progress.NONE);
        int[] prompt = Arrays.copyOf(c.ids(), 6);
        DecodeSession session = new DecodeSession(m.transformer(), m.tokenizer(), new int[0], prompt,
                Sampler.of(new SamplingSettings(1.0, 0, 1.0, 3)), true);
        for (int k = 0; k < 20; k++) {
            DecodeStep step = session.step();
            assertTrue(step.maxAbsDiffVsRecompute() < 1e-4, name + " step " + k + ": " + step.maxAbsDiffVsRecompute());
        }
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double magnitude = 0;
        for (double x : expected) magnitude = Math.max(magnitude, Math.abs(x));
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], 1e-4 * magnitude, what + " [" + i + "]");
    }
}
