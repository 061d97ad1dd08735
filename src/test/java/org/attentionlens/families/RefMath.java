package org.attentionlens.families;

/**
 * Double-precision building blocks of the reference forward passes.
 * Letters: T tokens, D hidden size, H query heads, K key/value heads, E head dim, F MLP width, V vocabulary.
 * Weights are flat row-major arrays in torch's layout: nn.Linear (out, in), so y = W x + b.
 */
final class RefMath {
    private RefMath() {
    }

    /** y = W x + b for every row. x (T, in), w (out, in), b (out) or null → (T, out). */
    static double[][] linear(double[][] x, double[] w, double[] b, int out) {
        int in = x[0].length;
        if (w.length != out * in) throw new IllegalArgumentException("weight of " + w.length + " for (" + out + ", " + in + ")");
        double[][] y = new double[x.length][out];  // (T, out)
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int i = 0, r = o * in; i < in; i++) s += w[r + i] * x[t][i];
                y[t][o] = s;
            }
        }
        return y;
    }

    /** Rows [from, from + n) of a (rows, in) weight: slicing a fused projection. → (n, in) */
    static double[] rows(double[] w, int in, int from, int n) {
        double[] r = new double[n * in];
        System.arraycopy(w, from * in, r, 0, n * in);
        return r;
    }

    /** Transpose of a (rows, cols) matrix → (cols, rows): GPT-2's Conv1D (in, out) to nn.Linear (out, in). */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }

    /** Entries [from, from + n) of a vector. */
    static double[] slice(double[] v, int from, int n) {
        double[] r = new double[n];
        System.arraycopy(v, from, r, 0, n);
        return r;
    }

    /**
     * RMSNorm of x[off, off + n) in place: x / sqrt(mean(x²) + eps) · g, with g = w, or 1 + w for Gemma.
     * HF computes this in float32 even in a float64 model (a cast in every *RMSNorm.forward); the reference stays
     * in double: the difference is ~1e-7 relative.
     */
    static void rmsNorm(double[] x, int off, int n, double[] w, double eps, boolean onePlus) {
        double ss = 0;
        for (int i = 0; i < n; i++) ss += x[off + i] * x[off + i];
        double inv = 1 / Math.sqrt(ss / n + eps);
        for (int i = 0; i < n; i++) x[off + i] = x[off + i] * inv * (onePlus ? 1 + w[i] : w[i]);
    }

    /** LayerNorm of every row (biased variance, as torch): (T, D) → (T, D). */
    static double[][] layerNorm(double[][] x, double[] w, double[] b, double eps) {
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int n = x[t].length;
            double mean = 0, var = 0;
            for (double v : x[t]) mean += v;
            mean /= n;
            for (double v : x[t]) var += (v - mean) * (v - mean);
            double inv = 1 / Math.sqrt(var / n + eps);
            y[t] = new double[n];
            for (int i = 0; i < n; i++) y[t][i] = (x[t][i] - mean) * inv * w[i] + b[i];
        }
        return y;
    }

    /** HF's ACT2FN by name, for the activations these families use. */
    static double act(String name, double x) {
        return switch (name) {
            case "silu", "swish" -> x / (1 + Math.exp(-x));
            case "gelu" -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));  // exact (erf) GELU: GELUActivation
            case "gelu_new", "gelu_pytorch_tanh" ->                   // tanh approximation, same formula for both
                    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            default -> throw new IllegalArgumentException("activation " + name);
        };
    }

    /**
     * erf to ~1e-16 relative: erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), a series of positive terms
     * (no cancellation); beyond |x| = 6, erf is ±1 in double.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (a >= 6) return Math.signum(x);
        double term = a, sum = a;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.signum(x) * Math.min(1.0, 2 / Math.sqrt(Math.PI) * Math.exp(-a * a) * sum);
    }

    /** Gemma-style soft cap: cap · tanh(x / cap). */
    static double softcap(double x, double cap) {
        return cap * Math.tanh(x / cap);
    }

    /** Which key positions a query position may attend to. */
    interface Mask {
        boolean allows(int query, int key);

        Mask BIDIRECTIONAL = (q, k) -> true;
        Mask CAUSAL = (q, k) -> k <= q;

        /**
         * transformers 5.x masking_utils: causal and k > q − window, so a row sees `window` keys including itself.
         * (4.x's eager paths built the same mask; flash attention's window arithmetic differed, which eager never used.)
         */
        static Mask sliding(int window) {
            return (q, k) -> k <= q && k > q - window;
        }
    }

    /** Attention output and weights. */
    record Attention(double[][] out /* (T, H·E) */, double[][][] weights /* (H, T, T) */) {
    }

    /**
     * Eager attention: softmax(q·k · scale [soft-capped] + mask) · v, head h reading key/value head h / (H / K)
     * (repeat_kv repeats each key/value head for consecutive query heads). Masked cells are exactly 0.
     * HF runs this softmax in float32 (softmax(..., dtype=float32)); the reference runs it in double (~1e-7 apart).
     * q (T, H·E), k and v (T, K·E).
     */
    static Attention attend(double[][] q, double[][] k, double[][] v, int heads, int kvHeads, int e, double scale,
                            double softcap, Mask mask) {
        int t = q.length, group = heads / kvHeads;
        double[][][] weights = new double[heads][t][t];  // (H, T, T)
        double[][] out = new double[t][heads * e];       // (T, H·E)
        for (int h = 0; h < heads; h++) {
            int kvOff = (h / group) * e, qOff = h * e;
            for (int i = 0; i < t; i++) {
                double[] row = weights[h][i];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    if (!mask.allows(i, j)) continue;
                    double s = 0;
                    for (int x = 0; x < e; x++) s += q[i][qOff + x] * k[j][kvOff + x];
                    s *= scale;
                    if (!Double.isNaN(softcap)) s = softcap(s, softcap);
                    row[j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    row[j] = mask.allows(i, j) ? Math.exp(row[j] - max) : 0;
                    sum += row[j];
                }
                for (int j = 0; j < t; j++) {
                    row[j] /= sum;
                    if (row[j] == 0) continue;
                    for (int x = 0; x < e; x++) out[i][qOff + x] += row[j] * v[j][kvOff + x];
                }
            }
        }
        return new Attention(out, weights);
    }

    /** a + b row by row → (T, D). */
    static double[][] add(double[][] a, double[][] b) {
        double[][] s = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) for (int i = 0; i < a[t].length; i++) s[t][i] = a[t][i] + b[t][i];
        return s;
    }

    /** Rows of an embedding table (rows, D) → (T, D). */
    static double[][] gather(double[] table, int d, int[] rows) {
        double[][] x = new double[rows.length][d];
        for (int t = 0; t < rows.length; t++) System.arraycopy(table, rows[t] * d, x[t], 0, d);
        return x;
    }

    /** W x for one vector, W (out, in) → (out): the LM head on the last position. */
    static double[] matVec(double[] w, double[] x, int out) {
        return linear(new double[][]{x}, w, null, out)[0];
    }
}
