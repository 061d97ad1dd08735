package org.attentionlens.analysis.circuits;

import org.attentionlens.io.Progress;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;

import java.util.Arrays;

/**
 * The QK and OV circuit scores of Elhage et al. (2021), from the weights alone (row vectors: a head reads x, its
 * values are x W_V, it writes x W_V W_O = x OV, and scores query x_i against key x_j by x_i W_Q W_Kᵀ x_jᵀ = x_i QK x_jᵀ).
 * <ul>
 * <li>OV copying score: Σ λ / Σ |λ| over the eigenvalues λ of the (V, V) circuit W_E OV W_Uᵀ; +1 for a head that copies
 *     the token it attends to into the prediction, −1 for one that suppresses it. Computed exactly over the whole
 *     vocabulary: its non-zero eigenvalues are those of the (Dh, Dh) matrix W_O (W_Uᵀ W_E) W_V, and the (D, D) matrix
 *     W_Uᵀ W_E is summed once over the vocabulary, so no token subset is needed even at 128k tokens.</li>
 * <li>Composition of a head h₁ with a head h₂ of a later layer: how much h₂ reads what h₁ writes, through its query
 *     (Q: ‖OV₁ QK₂‖_F), its key (K: ‖QK₂ OV₁ᵀ‖_F) or its value (V: ‖OV₁ OV₂‖_F), each divided by the two matrices'
 *     own norms. An induction head K-composes with a previous-token head.</li>
 * </ul>
 * Weights as {@link FoldedLayer} gives them (norm scales folded in, RoPE left out: QK is on unrotated weights). Every
 * product is of rank ≤ Dh, so each norm is taken in a Dh-dimensional basis: with Rᵀ R = VᵀV (Cholesky),
 * ‖V X‖ = ‖R X‖, and all pairs of heads come from one product per pair of layers.
 * Legend as in {@link ModelSpec}; N = L·H heads, a head's index l·H + h.
 *
 * @param copying     (L)(H) OV copying scores, NaN for a model without a next-token head or a head that writes nothing
 * @param composition (3)(N, N) Q-, K- and V-composition [kind][writer][reader], NaN unless the writer's layer is
 *                    earlier than the reader's (and both heads have weights)
 */
public record CircuitScores(int layers, int heads, double[][] copying, float[][][] composition) {

    /** What the numbers are computed on, said wherever they are shown. */
    public static final String NOTES = "Norm scales (γ) folded into the weights that follow them, normalisation itself "
            + "left out; QK on unrotated weights (RoPE turns q and k by position, which these scores do not see); under "
            + "grouped-query attention each query head with its group's W_K and W_V. Copying score Σλ/Σ|λ| of "
            + "W_E W_V W_O W_U over the whole vocabulary (exact: through the Dh × Dh matrix with the same non-zero eigenvalues).";

    public enum Kind {
        Q, K, V;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How h₂ in layer l₂ composes with h₁ in layer l₁ (NaN unless l₁ &lt; l₂). */
    public double composition(Kind kind, int l1, int h1, int l2, int h2) {
        return composition[kind.ordinal()][l1 * heads + h1][l2 * heads + h2];
    }

    /** The median over every valid pair of this kind: what an unremarkable pair scores in this model. */
    public double median(Kind kind) {
        float[][] m = composition[kind.ordinal()];
        double[] all = Arrays.stream(m).flatMapToDouble(row -> {
            double[] d = new double[row.length];
            for (int i = 0; i < row.length; i++) d[i] = row[i];
            return Arrays.stream(d);
        }).filter(x -> !Double.isNaN(x)).sorted().toArray();
        return all.length == 0 ? Double.NaN : all[all.length / 2];
    }

    /** Every score of a model; progress may throw to cancel. */
    public static CircuitScores run(Transformer model, Progress progress) {
        ModelSpec c = model.config();
        int L = c.layers(), H = c.heads(), Dh = c.dHead(), D = c.dModel(), N = L * H, W = H * Dh;
        double[] circuit = model.unembedding() == null ? null : unembedEmbed(model, progress); // (D, D) W_Uᵀ W_E
        double[][] copying = new double[L][H];
        float[][] writers = new float[L][];     // (L)(H·Dh, D) R_V O per head, stacked
        double[][] writerNorms = new double[L][]; // (L)(H) ‖OV‖
        float[][][] composition = new float[3][N][N];
        for (float[][] kind : composition) for (float[] row : kind) Arrays.fill(row, Float.NaN);
        Kernels kn = model.kernels();
        for (int l2 = 0; l2 < L; l2++) {
            FoldedLayer f = FoldedLayer.of(c, model.weights().layers().get(l2));
            copying[l2] = circuit == null ? nans(H) : copying(c, f, circuit);
            Readers r = readers(c, f);
            if (l2 > 0) {
                Matrix packed = kn.pack(r.columns, D, 3 * W);
                float[] products = new float[W * 3 * W]; // (H·Dh, 3·H·Dh) writer rows × reader columns
                for (int l1 = 0; l1 < l2; l1++) {
                    kn.matmul(products, writers[l1], packed, null, W);
                    for (int kind = 0; kind < 3; kind++)
                        for (int h1 = 0; h1 < H; h1++)
                            for (int h2 = 0; h2 < H; h2++) {
                                double norm = blockNorm(products, 3 * W, h1 * Dh, kind * W + h2 * Dh, Dh);
                                composition[kind][l1 * H + h1][l2 * H + h2] =
                                        (float) (norm / (writerNorms[l1][h1] * r.norms[kind][h2]));
                            }
                    progress.report(0.2 + 0.8 * (l2 * (l2 - 1) / 2 + l1 + 1) / (L * (L - 1) / 2.0),
                            "Composition of layer " + l2 + " with layer " + l1);
                }
            }
            writers[l2] = new float[W * D];
            writerNorms[l2] = new double[H];
            for (int h = 0; h < H; h++) {
                double[] rv = Dense.cholesky(Dense.gram(f.v[c.kvHeadOf(h)], D, Dh), Dh);
                double[] p = Dense.times(rv, f.o[h], Dh, Dh, D); // (Dh, D)
                writerNorms[l2][h] = Dense.frobenius(p);
                for (int i = 0; i < p.length; i++) writers[l2][h * Dh * D + i] = (float) p[i];
            }
        }
        progress.report(1, "Circuit scores done");
        return new CircuitScores(L, H, copying, composition);
    }

    /**
     * Everything a reading layer contributes: columns (D, 3·H·Dh) holding per head Q R_Kᵀ, K R_Qᵀ and V S_Oᵀ (S ᵀS =
     * O Oᵀ), whose products with a writer's R_V O give OV·QK, QK·OVᵀ (transposed) and OV·OV in the Dh basis; and
     * their norms (3)(H), which are ‖QK‖, ‖QK‖ and ‖OV‖.
     */
    private record Readers(float[] columns, double[][] norms) {
    }

    private static Readers readers(ModelSpec c, FoldedLayer f) {
        int H = c.heads(), Dh = c.dHead(), D = c.dModel(), W = H * Dh;
        float[] cols = new float[D * 3 * W];
        double[][] norms = new double[3][H];
        for (int h = 0; h < H; h++) {
            int g = c.kvHeadOf(h);
            double[] rq = Dense.cholesky(Dense.gram(f.q[h], D, Dh), Dh);
            double[] rk = Dense.cholesky(Dense.gram(f.k[g], D, Dh), Dh);
            double[] so = Dense.cholesky(Dense.gram(Dense.transpose(f.o[h], Dh, D), D, Dh), Dh);
            double[][] parts = {Dense.times(f.q[h], Dense.transpose(rk, Dh, Dh), D, Dh, Dh),
                    Dense.times(f.k[g], Dense.transpose(rq, Dh, Dh), D, Dh, Dh),
                    Dense.times(f.v[g], Dense.transpose(so, Dh, Dh), D, Dh, Dh)}; // (3)(D, Dh)
            for (int kind = 0; kind < 3; kind++) {
                norms[kind][h] = Dense.frobenius(parts[kind]);
                for (int d = 0; d < D; d++)
                    for (int e = 0; e < Dh; e++) cols[d * 3 * W + kind * W + h * Dh + e] = (float) parts[kind][d * Dh + e];
            }
        }
        return new Readers(cols, norms);
    }

    /** ‖block‖_F of the (n, n) block at (row, col) of m (rows of width stride). */
    private static double blockNorm(float[] m, int stride, int row, int col, int n) {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double x = m[(row + i) * stride + col + j];
                s += x * x;
            }
        return Math.sqrt(s);
    }

    /** (H) each head's copying score Σλ / Σ|λ| of O_h (W_Uᵀ W_E) V_g, whose trace is Σλ. */
    private static double[] copying(ModelSpec c, FoldedLayer f, double[] circuit) {
        int H = c.heads(), Dh = c.dHead(), D = c.dModel();
        double[][] cv = new double[c.kvHeads()][]; // (Hkv)(D, Dh) (W_Uᵀ W_E) V_g, shared by a group
        double[] out = new double[H];
        for (int h = 0; h < H; h++) {
            int g = c.kvHeadOf(h);
            if (cv[g] == null) cv[g] = Dense.times(circuit, f.v[g], D, D, Dh);
            double[] m = Dense.times(f.o[h], cv[g], Dh, D, Dh); // (Dh, Dh)
            double trace = 0;
            for (int e = 0; e < Dh; e++) trace += m[e * Dh + e];
            double moduli = Eigenvalues.of(m, Dh).sumOfModuli();
            out[h] = moduli == 0 ? Double.NaN : trace / moduli;
        }
        return out;
    }

    /**
     * (D, D) W_Uᵀ W_E = Σ_v u_vᵀ e_v over the whole vocabulary, with the final norm's γ on W_U's columns and the
     * embedding scale (Gemma: √D) on W_E, summed a block of vocabulary rows at a time with the kernels.
     */
    private static double[] unembedEmbed(Transformer model, Progress progress) {
        ModelSpec c = model.config();
        Kernels kn = model.kernels();
        Table u = model.unembedding(), e = model.weights().tokenEmbedding();
        int D = c.dModel(), V = Math.min(u.rows(), e.rows()), B = 2048;
        float[] gamma = c.finalNorm() ? model.weights().finalNorm().gamma() : null;
        double scale = c.embedding().scale();
        double[] sum = new double[D * D];
        float[] ut = new float[D * B], eb = new float[B * D], part = new float[D * D]; // (D, B), (B, D), (D, D)
        float[] row = new float[D];
        for (int v0 = 0; v0 < V; v0 += B) {
            int n = Math.min(B, V - v0);
            for (int v = 0; v < n; v++) {
                u.row(v0 + v, row, 0);
                for (int d = 0; d < D; d++) ut[d * n + v] = row[d];
                e.row(v0 + v, eb, v * D);
            }
            kn.matmul(part, ut, kn.pack(Arrays.copyOf(eb, n * D), n, D), null, D);
            for (int i = 0; i < D * D; i++) sum[i] += part[i];
            progress.report(0.2 * (v0 + n) / V, "Summing W_Uᵀ W_E over the vocabulary");
        }
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++) sum[i * D + j] *= (gamma == null ? 1 : gamma[i]) * scale;
        return sum;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }
}
