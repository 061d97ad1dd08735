package org.attentionlens.io;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our forward pass over the weights read from all-minilm-l6-v2.onnx against ONNX Runtime running the very
 * same file: the final hidden states (T, D) must agree within 1e-4 (float32 rounding differences across
 * 6 post-LN blocks stay near 1e-6 … 1e-5). Legend: T tokens, D model width.
 */
class MiniLmVsOnnxRuntimeTest {
    private static final float TOLERANCE = 1e-4f;
    private static final String PARAGRAPH = "Attention lets every token look at every other token. In each head, "
            + "a query vector is compared with the key vectors of all positions; the scaled dot products go through "
            + "a softmax, and the resulting weights mix the value vectors. Twelve heads do this in parallel in every "
            + "layer, each with its own projections, and their outputs are concatenated and projected back to the "
            + "model width before the feed-forward network refines each position on its own.";

    private static LoadedModel model;
    private static OrtEnvironment env;
    private static OrtSession session;

    @BeforeAll
    static void load() throws Exception {
        model = MiniLm.load(Kernels.best(), Progress.NONE);
        env = OrtEnvironment.getEnvironment();
        session = env.createSession(MiniLm.readResource(MiniLm.ONNX_RESOURCE, Progress.NONE),
                new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        session.close();
    }

    @Test
    void graphTakesTheInputsTheTestFeeds() throws OrtException {
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), List.copyOf(session.getInputNames()));
        assertEquals("output_0", session.getOutputNames().iterator().next(), "first output: last hidden state");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "The cat sat on the mat.",
            "Don't stop—it's 3:45, isn't it?!",
            "In 1969, 600 million people watched.",
            "Unbelievably, the transformers' tokenization works.",
            PARAGRAPH})
    void hiddenStatesMatchOnnxRuntime(String text) throws OrtException {
        Tokens tokens = model.tokenizer().encode(text);
        float diff = maxAbsDiff(model.transformer(), tokens.ids(), onnxRuntime(tokens.ids()));
        System.out.printf("minilm-l6 vs ONNX Runtime, %s kernels, %d tokens: max |diff| = %.3g  (%s)%n",
                model.transformer().kernels().name(), tokens.size(), diff, text.substring(0, Math.min(40, text.length())));
        assertTrue(diff <= TOLERANCE, "max |ours - ORT| = " + diff + " over " + tokens.size() + " tokens");
    }

    @Test
    void longParagraphIsAboutAHundredTokens() {
        Tokens tokens = model.tokenizer().encode(PARAGRAPH);
        assertTrue(tokens.size() >= 80 && tokens.size() <= 120, tokens.size() + " tokens");
    }

    @Test
    void scalarKernelsMatchOnnxRuntimeToo() throws Exception {
        Transformer scalar = MiniLm.load(Kernels.scalar(), Progress.NONE).transformer();
        int[] ids = model.tokenizer().encode("Unbelievably, the transformers' tokenization works.").ids();
        float diff = maxAbsDiff(scalar, ids, onnxRuntime(ids));
        System.out.printf("minilm-l6 vs ONNX Runtime, scalar kernels, %d tokens: max |diff| = %.3g%n", ids.length, diff);
        assertTrue(diff <= TOLERANCE, "max |scalar - ORT| = " + diff);
    }

    /** ORT's first output for one sequence: every token attended (mask 1), token type 0. */
    private static float[][] onnxRuntime(int[] ids) throws OrtException {
        int T = ids.length;
        long[][] inputIds = {Arrays.stream(ids).asLongStream().toArray()}; // (1, T)
        long[][] mask = new long[1][T];                                     // (1, T)
        long[][] types = new long[1][T];                                    // (1, T)
        Arrays.fill(mask[0], 1L);
        try (ai.onnxruntime.OnnxTensor a = ai.onnxruntime.OnnxTensor.createTensor(env, inputIds);
             ai.onnxruntime.OnnxTensor b = ai.onnxruntime.OnnxTensor.createTensor(env, mask);
             ai.onnxruntime.OnnxTensor c = ai.onnxruntime.OnnxTensor.createTensor(env, types);
             OrtSession.Result result = session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            return ((float[][][]) result.get(0).getValue())[0]; // (T, D)
        }
    }

    private static float maxAbsDiff(Transformer t, int[] ids, float[][] expected) {
        float[] hidden = t.forward(ids, ForwardObserver.NONE).hidden(); // (T, D)
        int D = t.config().dModel();
        assertEquals(ids.length, expected.length, "ORT returned another number of tokens");
        assertEquals(D, expected[0].length, "ORT returned another width");
        float max = 0;
        for (int i = 0; i < ids.length; i++)
            for (int d = 0; d < D; d++) max = Math.max(max, Math.abs(hidden[i * D + d] - expected[i][d]));
        return max;
    }
}
