package org.attentionlens.io;

import org.attentionlens.io.TinyGpt2.Head;
import org.attentionlens.io.TinyGpt2.Layout;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads tiny random GPT-2 checkpoints written in the layouts real ones come in, through the real loader, and
 * compares the forward pass with {@link NaiveGpt2} computed from the very tensors in the file.
 * Tolerance: 1e-4 absolute on hidden states, last logits and every attention weight (float32 pass vs double
 * reference over values of order 1); F16/BF16 checkpoints are compared with the values the file really holds,
 * so their rounding is not part of the difference.
 */
class Gpt2FolderLoaderTest {
    private static final double TOL = 1e-4;
    private static final String TEXT = "the cat sat on the mat, then the dog ate the hat!";

    static Stream<Layout> layouts() {
        return Stream.of(
                new Layout(true, false, Head.NONE, "F32", false),
                new Layout(false, true, Head.TIED, "F32", false),
                new Layout(true, true, Head.UNTIED, "F32", false),
                new Layout(false, false, Head.UNTIED, "F32", true),
                new Layout(true, true, Head.TIED, "F16", false),
                new Layout(false, false, Head.NONE, "F16", true),
                new Layout(true, false, Head.UNTIED, "BF16", false),
                new Layout(false, true, Head.NONE, "BF16", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void forwardPassMatchesNaiveReference(Layout layout, @TempDir Path dir) throws Exception {
        TinyGpt2 tiny = new TinyGpt2(layout, null, 42);
        Path folder = tiny.write(dir.resolve("tiny-gpt2"));
        List<Double> fractions = new ArrayList<>();
        LoadedModel m = ModelRegistry.loadFolder(folder, (f, msg) -> fractions.add(f));

        ModelSpec c = m.config();
        assertEquals(List.of(TinyGpt2.L, TinyGpt2.H, TinyGpt2.D, 4 * TinyGpt2.D, tiny.V, TinyGpt2.N),
                List.of(c.layers(), c.heads(), c.dModel(), c.dFF(), c.vocabSize(), c.context()));
        assertEquals(folder.toAbsolutePath().normalize().toString(), m.id());
        assertTrue(m.displayName().startsWith("tiny-gpt2 (GPT-2, 2×4"), m.displayName());
        assertEquals(layout.head() == Head.UNTIED, m.transformer().weights().lmHead() != null,
                "an lm_head equal to wte is tied, a different one untied");
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        for (int i = 1; i < fractions.size(); i++) assertTrue(fractions.get(i) >= fractions.get(i - 1));

        Tokens tokens = m.tokenizer().encode(TEXT).head(TinyGpt2.N);
        compare(layout.toString(), tiny, m, tokens);
    }

    @Test
    void explicitInnerWidthIsRead(@TempDir Path dir) throws Exception {
        TinyGpt2 tiny = new TinyGpt2(new Layout(true, true, Head.NONE, "F32", false), 48, 7);
        LoadedModel m = ModelRegistry.load(tiny.write(dir.resolve("narrow")).toString(), Progress.NONE);
        assertEquals(48, m.config().dFF());
        compare("n_inner 48", tiny, m, m.tokenizer().encode(TEXT).head(12));
    }

    @Test
    void classpathSourceLoadsTheSameModel(@TempDir Path dir) throws Exception {
        TinyGpt2 tiny = new TinyGpt2(new Layout(false, true, Head.TIED, "F32", false), null, 3);
        tiny.write(dir.resolve("models/tiny"));
        try (URLClassLoader cl = new URLClassLoader(new URL[]{dir.toUri().toURL()}, null)) {
            ModelSource src = ModelSource.classpath("/models/tiny/", cl);
            LoadedModel m = HfFolderLoader.load(src, src.id(), org.attentionlens.tensor.Kernels.best(), Progress.NONE);
            assertEquals("classpath:/models/tiny/", m.id());
            assertTrue(m.displayName().startsWith("tiny ("), m.displayName());
            compare("classpath", tiny, m, m.tokenizer().encode(TEXT).head(TinyGpt2.N));
            LoadedModel named = HfFolderLoader.load(ModelSource.classpath("models/tiny", cl), "tiny-builtin",
                    org.attentionlens.tensor.Kernels.best(), Progress.NONE);
            assertEquals("tiny-builtin", named.id());
            assertEquals("tiny-builtin", named.config().id());
        }
    }

    @Test
    void tokenizerJsonFormsGiveTheSameModelTokens(@TempDir Path dir) throws Exception {
        TinyGpt2 tiny = new TinyGpt2(new Layout(true, false, Head.NONE, "F32", false), null, 5);
        Path a = tiny.write(dir.resolve("a"));
        Path b = dir.resolve("b");
        Files.createDirectories(b);
        tiny.writeConfig(b, "gpt2");
        Files.copy(a.resolve("model.safetensors"), b.resolve("model.safetensors"));
        tiny.writeTokenizerJson(b, true);
        int[] fromVocab = ModelRegistry.loadFolder(a, Progress.NONE).tokenizer().encode(TEXT).ids();
        int[] fromJson = ModelRegistry.loadFolder(b, Progress.NONE).tokenizer().encode(TEXT).ids();
        assertArrayEquals(fromVocab, fromJson);
        assertTrue(fromVocab.length < TEXT.length(), "the merges shorten the text");
    }

    @Test
    void folderWithoutTokenizerFilesUsesGpt2Vocabulary(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("bare");
        Files.createDirectories(folder);
        int D = 8, N = 8, V = 50257;
        Files.writeString(folder.resolve("config.json"), "{\"model_type\":\"gpt2\",\"n_layer\":1,\"n_head\":2,"
                + "\"n_embd\":" + D + ",\"n_positions\":" + N + ",\"vocab_size\":" + V + "}");
        SafetensorsWriter w = new SafetensorsWriter();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        w.add("wte.weight", random(rnd, V * D), V, D).add("wpe.weight", random(rnd, N * D), N, D);
        w.add("h.0.ln_1.weight", ones(D), D).add("h.0.ln_1.bias", new float[D], D)
                .add("h.0.attn.c_attn.weight", random(rnd, D * 3 * D), D, 3 * D).add("h.0.attn.c_attn.bias", new float[3 * D], 3 * D)
                .add("h.0.attn.c_proj.weight", random(rnd, D * D), D, D).add("h.0.attn.c_proj.bias", new float[D], D)
                .add("h.0.ln_2.weight", ones(D), D).add("h.0.ln_2.bias", new float[D], D)
                .add("h.0.mlp.c_fc.weight", random(rnd, D * 4 * D), D, 4 * D).add("h.0.mlp.c_fc.bias", new float[4 * D], 4 * D)
                .add("h.0.mlp.c_proj.weight", random(rnd, 4 * D * D), 4 * D, D).add("h.0.mlp.c_proj.bias", new float[D], D)
                .add("ln_f.weight", ones(D), D).add("ln_f.bias", new float[D], D);
        w.write(folder.resolve("model.safetensors"));
        LoadedModel m = ModelRegistry.loadFolder(folder, Progress.NONE);
        assertArrayEquals(new int[]{464, 3797, 3332, 319, 262, 2603}, m.tokenizer().encode("The cat sat on the mat").ids());
        assertEquals(50256, m.tokenizer().endOfText().orElseThrow());
        assertNotNull(m.transformer().forward(new int[]{464, 3797}, org.attentionlens.model.ForwardObserver.NONE).logitsLast());
        assertNull(m.transformer().weights().lmHead());
    }

    private static float[] random(java.util.SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * 0.1f;
        return a;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    /** Hidden states, last logits and every head's weights against the reference; prints the max differences. */
    private static void compare(String what, TinyGpt2 tiny, LoadedModel m, Tokens tokens) {
        int[] ids = tokens.ids();
        int T = ids.length, D = TinyGpt2.D;
        assertTrue(T >= 8, "enough tokens to see attention: " + T);
        NaiveGpt2 ref = new NaiveGpt2(tiny.tensors, tiny.untiedHead(), TinyGpt2.L, TinyGpt2.H, D, tiny.F, tiny.V,
                1e-5, ids);
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), tokens);
        double dHidden = 0, dLogits = 0, dWeights = 0, maxRowError = 0;
        float[] hidden = trace.hidden();
        for (int t = 0; t < T; t++)
            for (int d = 0; d < D; d++) dHidden = Math.max(dHidden, Math.abs(hidden[t * D + d] - ref.hidden[t][d]));
        float[] logits = trace.logitsLast();
        for (int v = 0; v < tiny.V; v++) dLogits = Math.max(dLogits, Math.abs(logits[v] - ref.logitsLast[v]));
        for (int l = 0; l < TinyGpt2.L; l++)
            for (int h = 0; h < TinyGpt2.H; h++) {
                HeadMatrices hm = trace.head(l, h);
                for (int i = 0; i < T; i++) {
                    double sum = 0;
                    for (int j = 0; j < T; j++) {
                        if (j > i) assertEquals(0f, hm.weight(i, j), "masked cell " + l + "." + h + " " + i + "," + j);
                        sum += hm.weight(i, j);
                        dWeights = Math.max(dWeights, Math.abs(hm.weight(i, j) - ref.weights[l][h][i][j]));
                    }
                    maxRowError = Math.max(maxRowError, Math.abs(sum - 1));
                }
            }
        System.out.printf("[gpt2 loader] %-40s T=%d max|Δ| hidden %.2e logits %.2e weights %.2e rowsum %.2e%n",
                what, T, dHidden, dLogits, dWeights, maxRowError);
        assertTrue(dHidden < TOL, what + ": hidden differs by " + dHidden);
        assertTrue(dLogits < TOL, what + ": logits differ by " + dLogits);
        assertTrue(dWeights < TOL, what + ": attention weights differ by " + dWeights);
        assertTrue(maxRowError < 1e-5, what + ": softmax rows sum to 1 within 1e-5, off by " + maxRowError);
    }
}
