package org.attentionlens.analysis.attribution;

import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.ModelSpec;

import java.util.Arrays;

/**
 * Keeps, for the last position only, what the residual stream there is the sum of: the embeddings, every layer's
 * head outputs (before W_O), attention result and MLP result, and the stream after the last block.
 * Legend as in {@link ModelSpec}.
 */
final class ComponentCapture implements ForwardObserver {
    float[] embedding;        // (D)
    final float[][] heads;    // (L)(H·Dh) Σ_j α_ij v_j of every head
    final float[][] attention; // (L)(D) what attention added
    final float[][] mlp;      // (L)(D) what the MLP added
    float[] last;             // (D) the stream after the last block, what the final norm reads
    private final int L, D;

    ComponentCapture(ModelSpec c) {
        L = c.layers();
        D = c.dModel();
        heads = new float[L][];
        attention = new float[L][];
        mlp = new float[L][];
    }

    private float[] lastRow(float[] x, int T, int width) {
        return Arrays.copyOfRange(x, (T - 1) * width, T * width);
    }

    @Override
    public void onEmbeddings(float[] x, int T) {
        embedding = lastRow(x, T, D);
    }

    @Override
    public void onAttentionOutput(int layer, float[] h, int T) {
        heads[layer] = lastRow(h, T, h.length / T);
    }

    @Override
    public void onAttentionResult(int layer, float[] out, int T) {
        attention[layer] = lastRow(out, T, D);
    }

    @Override
    public void onMlpResult(int layer, float[] out, int T) {
        mlp[layer] = lastRow(out, T, D);
    }

    @Override
    public void onBlockOutput(int layer, float[] x, int T) {
        if (layer == L - 1) last = lastRow(x, T, D);
    }
}
