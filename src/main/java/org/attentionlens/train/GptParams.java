package org.attentionlens.train;

import org.attentionlens.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainable parameters of a GPT-2, named and shaped as in a Hugging Face GPT-2 checkpoint
 * (Conv1D weights stored (in, out)). Legend: L layers, D model width, F = 4D MLP width, V vocabulary,
 * N context. The order of {@link #all()} is the checkpoint order; per-layer tensors come in {@link #LAYER_NAMES} order.
 */
final class GptParams {
    /** A tensor with its checkpoint name; decay marks the matrices AdamW shrinks (not biases or norms). */
    record Param(String name, long[] shape, float[] value, boolean decay) {
        int size() {
            return value.length;
        }
    }

    static final String[] LAYER_NAMES = {"ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
            "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
            "mlp.c_proj.weight", "mlp.c_proj.bias"};
    static final int LN1_G = 0, LN1_B = 1, ATTN_W = 2, ATTN_B = 3, PROJ_W = 4, PROJ_B = 5, LN2_G = 6, LN2_B = 7,
            FC_W = 8, FC_B = 9, FC2_W = 10, FC2_B = 11;
    static final int WTE = 0, WPE = 1;

    private final ModelSpec config;
    private final List<Param> params; // wte, wpe, h.0.* … h.(L-1).*, ln_f.weight, ln_f.bias

    private GptParams(ModelSpec config, List<Param> params) {
        this.config = config;
        this.params = params;
    }

    /** A GPT-2 shape: dHead = D/H, F = 4D, eps 1e-5. */
    static ModelSpec shape(String id, int layers, int heads, int dModel, int context, int vocab) {
        if (dModel % heads != 0)
            throw new IllegalArgumentException("--d-model " + dModel + " must be a multiple of --heads " + heads);
        return ModelSpec.gpt2(id, layers, heads, dModel, 4 * dModel, vocab, context, 1e-5f);
    }

    /** GPT-2's initialisation: N(0, 0.02) matrices, residual projections scaled by 1/√(2L), zero biases, unit norms. */
    static GptParams init(ModelSpec c, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int D = c.dModel(), F = c.dFF(), L = c.layers();
        double projStd = 0.02 / Math.sqrt(2.0 * L);
        List<Param> ps = new ArrayList<>();
        ps.add(new Param("wte.weight", new long[]{c.vocabSize(), D}, gaussian(rnd, c.vocabSize() * D, 0.02), true));
        ps.add(new Param("wpe.weight", new long[]{c.context(), D}, gaussian(rnd, c.context() * D, 0.01), true));
        for (int l = 0; l < L; l++) {
            String p = "h." + l + ".";
            ps.add(new Param(p + LAYER_NAMES[LN1_G], new long[]{D}, ones(D), false));
            ps.add(new Param(p + LAYER_NAMES[LN1_B], new long[]{D}, new float[D], false));
            ps.add(new Param(p + LAYER_NAMES[ATTN_W], new long[]{D, 3L * D}, gaussian(rnd, D * 3 * D, 0.02), true));
            ps.add(new Param(p + LAYER_NAMES[ATTN_B], new long[]{3L * D}, new float[3 * D], false));
            ps.add(new Param(p + LAYER_NAMES[PROJ_W], new long[]{D, D}, gaussian(rnd, D * D, projStd), true));
            ps.add(new Param(p + LAYER_NAMES[PROJ_B], new long[]{D}, new float[D], false));
            ps.add(new Param(p + LAYER_NAMES[LN2_G], new long[]{D}, ones(D), false));
            ps.add(new Param(p + LAYER_NAMES[LN2_B], new long[]{D}, new float[D], false));
            ps.add(new Param(p + LAYER_NAMES[FC_W], new long[]{D, F}, gaussian(rnd, D * F, 0.02), true));
            ps.add(new Param(p + LAYER_NAMES[FC_B], new long[]{F}, new float[F], false));
            ps.add(new Param(p + LAYER_NAMES[FC2_W], new long[]{F, D}, gaussian(rnd, F * D, projStd), true));
            ps.add(new Param(p + LAYER_NAMES[FC2_B], new long[]{D}, new float[D], false));
        }
        ps.add(new Param("ln_f.weight", new long[]{D}, ones(D), false));
        ps.add(new Param("ln_f.bias", new long[]{D}, new float[D], false));
        return new GptParams(c, ps);
    }

    ModelSpec config() {
        return config;
    }

    List<Param> all() {
        return params;
    }

    /** Index into {@link #all()} of layer l's tensor k (one of the LN1_G … FC2_B constants). */
    static int layerIndex(int l, int k) {
        return 2 + l * LAYER_NAMES.length + k;
    }

    int lnfGamma() {
        return 2 + config.layers() * LAYER_NAMES.length;
    }

    int lnfBeta() {
        return lnfGamma() + 1;
    }

    float[] value(int index) {
        return params.get(index).value();
    }

    float[] layer(int l, int k) {
        return params.get(layerIndex(l, k)).value();
    }

    /** Zeroed gradient buffers, one per parameter in {@link #all()} order. */
    float[][] newGradients() {
        float[][] g = new float[params.size()][];
        for (int i = 0; i < g.length; i++) g[i] = new float[params.get(i).size()];
        return g;
    }

    long count() {
        long n = 0;
        for (Param p : params) n += p.size();
        return n;
    }

    private static float[] gaussian(SplittableRandom rnd, int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * std);
        return a;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
