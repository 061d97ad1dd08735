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
import java.util.List;

/**
 * A two-layer GPT-2-layout model wired by hand to contain an induction circuit (Olsson et al. 2022).
 * Residual stream, width D = V + N + V: a one-hot of the token [0, V), of the position [V, V+N), and a block
 * [V+N, 2V+N) where layer 0 writes the previous token.
 * <ul>
 * <li>Layer 0, head 0 (previous-token): q_i = e_i, k_j = e_{j+1} in position space, so i attends to i − 1;
 *     v_j = the token one-hot; W_O copies it into the previous-token block.</li>
 * <li>Layer 1, head 0 (induction): q_i = token of i, k_j = previous token of j (from that block), so i attends
 *     to the positions right after earlier occurrences of its own token.</li>
 * <li>Head 1 of each layer and both MLPs are zero: uniform attention that writes nothing.</li>
 * </ul>
 * LayerNorm maps every such residual vector by nearly the same affine map (each holds the same number of
 * ones), so the one-hot matches survive it; the scale factors make the softmax sharp.
 */
public final class PlantedInduction {
    static final int V = 64, N = 40, D = V + N + V, H = 2, DH = 64;
    private static final int TOKEN = 0, POSITION = V, PREVIOUS = V + N;

    private PlantedInduction() {
    }

    public static Transformer build() {
        ModelSpec c = ModelSpec.gpt2Builder("planted-induction", 2, H, DH, D, 4, V, N, 1e-5f).build();
        Kernels kn = Kernels.scalar();
        float[] tok = new float[V * D], pos = new float[N * D];
        for (int t = 0; t < V; t++) tok[t * D + TOKEN + t] = 1;
        for (int p = 0; p < N; p++) pos[p * D + POSITION + p] = 1;

        float[] q0 = new float[D * H * DH], k0 = new float[D * H * DH], v0 = new float[D * H * DH], o0 = new float[H * DH * D];
        for (int p = 0; p < N; p++) {
            q0[(POSITION + p) * H * DH + p] = 1.2f;
            if (p + 1 < DH) k0[(POSITION + p) * H * DH + p + 1] = 1.2f;
        }
        for (int t = 0; t < V; t++) {
            v0[(TOKEN + t) * H * DH + t] = 1;
            o0[t * D + PREVIOUS + t] = 0.12f; // LayerNorm scaled the one-hot by about 8
        }
        float[] q1 = new float[D * H * DH], k1 = new float[D * H * DH], v1 = new float[D * H * DH], o1 = new float[H * DH * D];
        for (int t = 0; t < V; t++) {
            q1[(TOKEN + t) * H * DH + t] = 1.5f;
            k1[(PREVIOUS + t) * H * DH + t] = 1.5f;
        }
        List<LayerWeights> layers = List.of(layer(kn, q0, k0, v0, o0), layer(kn, q1, k1, v1, o1));
        ModelWeights w = new ModelWeights(Table.of(tok, V, D), Table.of(pos, N, D), null, null, layers, identity(), null);
        return new Transformer(c, w, kn);
    }

    private static LayerWeights layer(Kernels kn, float[] q, float[] k, float[] v, float[] o) {
        int W = H * DH;
        AttentionWeights a = new AttentionWeights(kn.pack(q, D, W), new float[W], kn.pack(k, D, W), new float[W],
                kn.pack(v, D, W), new float[W], null, null, kn.pack(o, W, D), new float[D]);
        MlpWeights m = new MlpWeights(null, null, kn.pack(new float[D * 4], D, 4), new float[4],
                kn.pack(new float[4 * D], 4, D), new float[D]);
        return new LayerWeights(identity(), a, null, identity(), m, null);
    }

    private static Norm identity() {
        float[] gamma = new float[D];
        Arrays.fill(gamma, 1f);
        return new Norm(gamma, new float[D]);
    }
}
