package org.attentionlens.analysis.patching;

import org.attentionlens.model.Intervention;
import org.attentionlens.model.ModelSpec;

/**
 * The residual stream after one block, at some positions, overwritten with another run's (Meng et al. 2022's causal
 * tracing restores a hidden state this way). Immutable. Legend as in {@link ModelSpec}; T positions of the source.
 */
public final class ResidualPatch implements Intervention {
    private final int layer, D;
    private final float[] source;     // (T, D) the source run's stream after the block
    private final boolean[] positions; // (T) which positions to overwrite

    /** Positions where {@code positions[t]} of the stream after block layer become source's (T, D). */
    public ResidualPatch(ModelSpec c, int layer, float[] source, boolean[] positions) {
        if (layer < 0 || layer >= c.layers()) throw new IllegalArgumentException("no layer " + layer);
        if (source.length != positions.length * c.dModel())
            throw new IllegalArgumentException("the source covers " + source.length / c.dModel() + " positions, not " + positions.length);
        this.layer = layer;
        this.D = c.dModel();
        this.source = source.clone();
        this.positions = positions.clone();
    }

    @Override
    public void editResidual(int l, float[] x, int pos0, int T) {
        if (l != layer) return;
        for (int t = 0; t < T; t++)
            if (pos0 + t < positions.length && positions[pos0 + t])
                System.arraycopy(source, (pos0 + t) * D, x, t * D, D);
    }
}
