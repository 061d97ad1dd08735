package org.attentionlens.analysis.circuits;

import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Norm;

/**
 * One layer's attention weights split per head, in double, with the norms' scales folded in as TransformerLens's
 * fold_ln does: the input norm's γ scales the rows of W_Q, W_K and W_V (what they read), a QK-norm's γ the columns
 * of W_Q and W_K, and a norm on the attention output (Gemma 2/3, OLMo 2) the columns of W_O. The normalisation
 * itself (dividing by a vector's scale, LayerNorm's centring) is left out. Projections are the unrotated ones:
 * RoPE turns q and k by position, which these position-free scores do not see. Grouped-query attention: K and V are
 * per key/value head, shared by the query heads of its group. Legend as in {@link ModelSpec}.
 */
final class FoldedLayer {
    final double[][] q; // (H)(D, Dh)
    final double[][] k; // (Hkv)(D, Dh)
    final double[][] v; // (Hkv)(D, Dh)
    final double[][] o; // (H)(Dh, D)

    private FoldedLayer(double[][] q, double[][] k, double[][] v, double[][] o) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
    }

    static FoldedLayer of(ModelSpec c, LayerWeights lw) {
        AttentionWeights aw = lw.attention();
        int H = c.heads(), Hkv = c.kvHeads(), Dh = c.dHead(), D = c.dModel();
        float[] in = c.residual().normBefore() && lw.attentionNorm() != null ? lw.attentionNorm().gamma() : null; // (D)
        float[] wq = aw.wq().toRowMajor(), wk = aw.wk().toRowMajor(), wv = aw.wv().toRowMajor(); // (D, H·Dh), (D, Hkv·Dh)
        float[] wo = aw.wo().toRowMajor(); // (H·Dh, D)
        double[][] q = new double[H][], k = new double[Hkv][], v = new double[Hkv][], o = new double[H][];
        for (int h = 0; h < H; h++) q[h] = columns(wq, H * Dh, h, Dh, in, aw.qNorm());
        for (int g = 0; g < Hkv; g++) {
            k[g] = columns(wk, Hkv * Dh, g, Dh, in, aw.kNorm());
            v[g] = columns(wv, Hkv * Dh, g, Dh, in, null);
        }
        Norm out = lw.attentionOutputNorm();
        for (int h = 0; h < H; h++) {
            double[] oh = new double[Dh * D]; // (Dh, D)
            for (int e = 0; e < Dh; e++)
                for (int d = 0; d < D; d++)
                    oh[e * D + d] = wo[(h * Dh + e) * D + d] * (out == null ? 1.0 : out.gamma()[d]);
            o[h] = oh;
        }
        return new FoldedLayer(q, k, v, o);
    }

    /**
     * (D, Dh) head h's columns of w (D, width), rows × rowScale (D) when given, columns × the QK-norm's γ (per head:
     * Dh values; over the whole projection: width values) when given.
     */
    private static double[] columns(float[] w, int width, int h, int Dh, float[] rowScale, Norm qk) {
        int D = w.length / width;
        double[] out = new double[D * Dh];
        for (int d = 0; d < D; d++)
            for (int e = 0; e < Dh; e++) {
                double x = w[d * width + h * Dh + e];
                if (rowScale != null) x *= rowScale[d];
                if (qk != null) x *= qk.width() == Dh ? qk.gamma()[e] : qk.gamma()[h * Dh + e];
                out[d * Dh + e] = x;
            }
        return out;
    }
}
