package org.attentionlens.analysis.attribution;

import org.attentionlens.analysis.Applicability;
import org.attentionlens.model.AttentionWeights;
import org.attentionlens.model.ForwardResult;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Norm;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Table;

/**
 * Direct logit attribution: how much each head's and each MLP's output, as it sits in the residual stream at the
 * last position, pushes the logit of one token above another's, through the final norm and the next-token head.
 * The stream there is the sum embeddings + Σ_l (attention_l + MLP_l), and attention_l = Σ_h head_h W_O^h + b_O.
 * The final norm is linearised at that position ({@link FrozenNorm}, as TransformerLens does), as are the norms some
 * families put on each sublayer's output (Gemma 2/3, OLMo 2), so the pieces add up to the logit difference exactly.
 * Legend as in {@link ModelSpec}; a the target token, b the one it is measured against, Δw = W_U[a] − W_U[b] (D).
 *
 * @param logitDiff  the model's logit difference l_a − l_b at the last position
 * @param preCapDiff the same before the final soft-cap (Gemma 2); equal to logitDiff (to rounding) without one
 * @param capped     whether the model soft-caps its logits, so that preCapDiff is what the shares add up to
 * @param heads      (L)(H) each head's share: Δw · frozen final norm(head_h W_O^h) (sublayer norms frozen too)
 * @param mlps       (L) each MLP's share (its biases included)
 * @param embedding  the embeddings' share (token and position)
 * @param biases     the attention output biases' shares plus the final norm's shift β
 */
public record DirectLogitAttribution(int target, int versus, double logitDiff, double preCapDiff, boolean capped, double[][] heads,
                                     double[] mlps, double embedding, double biases) {

    /** The approximation stated wherever the numbers are shown. */
    public static final String APPROXIMATION = "final norm linearised at the last position (its scale frozen at the "
            + "value it takes there, as TransformerLens's apply_ln_to_stack); norms on sublayer outputs (Gemma 2/3, "
            + "OLMo 2) frozen the same way; a final logit soft-cap (Gemma 2) left out: the shares add up to the "
            + "difference before it";

    /** Σ heads + Σ MLPs. */
    public double components() {
        double s = 0;
        for (double[] row : heads) for (double x : row) s += x;
        for (double x : mlps) s += x;
        return s;
    }

    /** Everything: components + embeddings + biases, which equals {@link #preCapDiff()} up to float rounding. */
    public double sum() {
        return components() + embedding + biases;
    }

    /** Attributes l_a − l_b at the last of ids. */
    public static DirectLogitAttribution run(Transformer model, int[] ids, int target, int versus) {
        ModelSpec c = model.config();
        Applicability.requireAdditiveStream(c, "Direct logit attribution");
        int V = c.vocabSize();
        if (target < 0 || target >= V || versus < 0 || versus >= V)
            throw new IllegalArgumentException("tokens " + target + " and " + versus + " must be in the vocabulary 0…" + (V - 1));
        ComponentCapture cap = new ComponentCapture(c);
        ForwardResult result = model.forward(ids, cap);
        double[] dw = direction(model.unembedding(), target, versus); // (D)
        FrozenNorm fin = c.finalNorm() ? FrozenNorm.at(cap.last, model.weights().finalNorm(), c.norm().rms(), c.eps())
                : FrozenNorm.identity(c.dModel());
        int L = c.layers(), H = c.heads(), Dh = c.dHead(), D = c.dModel();
        double[][] heads = new double[L][H];
        double[] mlps = new double[L];
        double biases = dot(dw, fin.shift());
        float[] piece = new float[D]; // (1, D) one head's head_h W_O^h
        for (int l = 0; l < L; l++) {
            LayerWeights lw = model.weights().layers().get(l);
            AttentionWeights aw = lw.attention();
            double[][] perHead = new double[H][];
            double[] bias = aw.bo() == null ? new double[D] : widen(aw.bo());
            for (int h = 0; h < H; h++) {
                model.kernels().matmulRows(piece, java.util.Arrays.copyOfRange(cap.heads[l], h * Dh, (h + 1) * Dh), aw.wo(),
                        h * Dh, (h + 1) * Dh, 1);
                perHead[h] = widen(piece);
            }
            Norm after = lw.attentionOutputNorm();
            if (after != null) { // the sublayer's output norm, frozen at what it normed: Σ_h pieces + b_O
                double[] pre = bias.clone();
                for (double[] p : perHead) for (int d = 0; d < D; d++) pre[d] += p[d];
                FrozenNorm out = FrozenNorm.at(narrow(pre), after, c.norm().rms(), c.eps());
                for (int h = 0; h < H; h++) perHead[h] = out.linear(perHead[h]);
                double[] b = out.linear(bias), shift = out.shift();
                for (int d = 0; d < D; d++) b[d] += shift[d];
                bias = b;
            }
            for (int h = 0; h < H; h++) heads[l][h] = dot(dw, fin.linear(perHead[h]));
            biases += dot(dw, fin.linear(bias));
            mlps[l] = dot(dw, fin.linear(widen(cap.mlp[l])));
        }
        double embedding = dot(dw, fin.linear(widen(cap.embedding)));
        float[] logits = result.logitsLast(), hidden = result.hidden();
        double preCap = dot(dw, widen(java.util.Arrays.copyOfRange(hidden, hidden.length - D, hidden.length)));
        return new DirectLogitAttribution(target, versus, (double) logits[target] - logits[versus], preCap,
                c.finalSoftcap() > 0, heads, mlps,
                embedding, biases);
    }

    /** (D) W_U[a] − W_U[b]. */
    private static double[] direction(Table head, int a, int b) {
        int D = head.cols();
        float[] ra = new float[D], rb = new float[D];
        head.row(a, ra, 0);
        head.row(b, rb, 0);
        double[] d = new double[D];
        for (int i = 0; i < D; i++) d[i] = (double) ra[i] - rb[i];
        return d;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double[] widen(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i];
        return out;
    }

    private static float[] narrow(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) x[i];
        return out;
    }
}
