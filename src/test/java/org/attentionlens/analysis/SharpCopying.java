package org.attentionlens.analysis;

import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.MlpWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Table;

import java.util.Arrays;

/**
 * A one-layer GPT-2-layout model wired by hand, whose answers are known. Residual stream, width D = V + N: a one-hot
 * of the token [0, V) and of the position [V, V+N); the head (V, D) is tied to the token embedding.
 * <ul>
 * <li>Head 0 copies the previous token: q_i = s·(position i), k_j = s·(position j + 1), with s so large that every
 *     weight but the one on i − 1 is exactly 0 in float32 (the score gap is in the hundreds); W_V reads the token and
 *     W_O writes it back into the token block, so the OV circuit is +identity on tokens (copying score +1).</li>
 * <li>Head 1 attends uniformly (no query or key weights) and writes minus the token it reads (copying score −1).</li>
 * <li>The MLP is zero.</li>
 * </ul>
 */
public final class SharpCopying {
    public static final int V = 16, N = 16, D = V + N, H = 2, DH = 16;
    private static final float SHARP = 10f, COPY = 0.5f, SUPPRESS = 0.2f;

    private SharpCopying() {
    }

    public static Transformer build() {
        ModelSpec c = ModelSpec.gpt2Builder("sharp-copying", 1, H, DH, D, 4, V, N, 1e-5f).build();
        Kernels kn = Kernels.scalar();
        float[] tok = new float[V * D], pos = new float[N * D];
        for (int t = 0; t < V; t++) tok[t * D + t] = 1;
        for (int p = 0; p < N; p++) pos[p * D + V + p] = 1;
        int W = H * DH;
        float[] q = new float[D * W], k = new float[D * W], v = new float[D * W], o = new float[W * D];
        for (int p = 0; p < N; p++) {
            q[(V + p) * W + p] = SHARP;
            if (p + 1 < DH) k[(V + p) * W + p + 1] = SHARP;
        }
        for (int t = 0; t < V; t++) {
            v[t * W + t] = 1;             // head 0 reads the token …
            o[t * D + t] = COPY;          // … and writes it back
            v[t * W + DH + t] = 1;        // head 1 reads the token …
            o[(DH + t) * D + t] = -SUPPRESS; // … and writes minus it
        }
        AttentionWeights a = new AttentionWeights(kn.pack(q, D, W), new float[W], kn.pack(k, D, W), new float[W],
                kn.pack(v, D, W), new float[W], null, null, kn.pack(o, W, D), new float[D]);
        MlpWeights m = new MlpWeights(null, null, kn.pack(new float[D * 4], D, 4), new float[4],
                kn.pack(new float[4 * D], 4, D), new float[D]);
        LayerWeights layer = new LayerWeights(identity(), a, null, identity(), m, null);
        return new Transformer(c, new ModelWeights(Table.of(tok, V, D), Table.of(pos, N, D), null, null,
                java.util.List.of(layer), identity(), null), kn);
    }

    private static Norm identity() {
        float[] gamma = new float[D];
        Arrays.fill(gamma, 1f);
        return new Norm(gamma, new float[D]);
    }
}
