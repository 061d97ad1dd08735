package org.attentionlens.model.walk;

import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.HeadStep;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Recipes;
import org.attentionlens.model.Transformer;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lecture's decode step is the app's decode step: the same token through {@link DecodeSession} gives the same
 * q, scores, weights, head outputs and cached keys and values, bit for bit (same kernels, same cached path), in
 * every causal family's recipe.
 */
class DecodeStepCaptureTest {

    static List<String> causalRecipes() {
        return Recipes.names().stream().filter(n -> Recipes.named(n).causal()).toList();
    }

    @ParameterizedTest
    @MethodSource("causalRecipes")
    void matchesTheDecodeSessionStepExactly(String recipe) {
        ModelSpec c = Recipes.named(recipe);
        Transformer model = RandomWeights.create(c, 51, Kernels.best());
        int[] ids = HeadWalkTest.text(c).ids();
        int prefix = 9;
        DecodeSession session = new DecodeSession(model, HeadWalkTest.NO_TOKENIZER, new int[0],
                Arrays.copyOf(ids, prefix), forced(ids[prefix]), false);
        DecodeStep step = session.step();
        assertEquals(prefix, step.position());
        DecodeStepCapture capture = DecodeStepCapture.run(model, Tokens.ofIds(ids, null), prefix);
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
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
