package org.attentionlens.io;

import java.util.Map;

/**
 * GPT-2 written straight from Hugging Face's tensor layout in plain double loops, sharing no code with the app:
 * the reference the loaded model is compared with. Conv1D weights are (in, out); c_attn's columns are q | k | v.
 * Legend: T tokens, L layers, H heads, D width, Dh = D/H, F MLP width, V vocabulary.
 */
final class NaiveGpt2 {
    final double[][] hidden;      // (T, D) after ln_f
    final double[] logitsLast;    // (V)
    final double[][][][] weights; // (L, H, T, T) causal softmax weights

    NaiveGpt2(Map<String, float[]> w, float[] untiedHead, int L, int H, int D, int F, int V, double eps, int[] ids) {
        int T = ids.length, Dh = D / H;
        double[][] x = new double[T][D];
        for (int t = 0; t < T; t++)
            for (int d = 0; d < D; d++) x[t][d] = w.get("wte.weight")[ids[t] * D + d] + w.get("wpe.weight")[t * D + d];
        weights = new double[L][H][T][T];
        for (int l = 0; l < L; l++) {
            String p = "h." + l + ".";
            double[][] a = layerNorm(x, w.get(p + "ln_1.weight"), w.get(p + "ln_1.bias"), eps);
            double[][] qkv = linear(a, w.get(p + "attn.c_attn.weight"), w.get(p + "attn.c_attn.bias"), 3 * D);
            double[][] heads = new double[T][D];
            for (int h = 0; h < H; h++)
                for (int i = 0; i < T; i++) {
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < Dh; e++) dot += qkv[i][h * Dh + e] * qkv[j][D + h * Dh + e];
                        s[j] = dot / Math.sqrt(Dh);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) sum += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j <= i; j++) {
                        weights[l][h][i][j] = s[j] / sum;
                        for (int e = 0; e < Dh; e++) heads[i][h * Dh + e] += weights[l][h][i][j] * qkv[j][2 * D + h * Dh + e];
                    }
                }
            add(x, linear(heads, w.get(p + "attn.c_proj.weight"), w.get(p + "attn.c_proj.bias"), D));
            double[][] m = linear(layerNorm(x, w.get(p + "ln_2.weight"), w.get(p + "ln_2.bias"), eps),
                    w.get(p + "mlp.c_fc.weight"), w.get(p + "mlp.c_fc.bias"), F);
            for (double[] row : m)
                for (int f = 0; f < F; f++) {
                    double z = row[f];
                    row[f] = 0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z)));
                }
            add(x, linear(m, w.get(p + "mlp.c_proj.weight"), w.get(p + "mlp.c_proj.bias"), D));
        }
        hidden = layerNorm(x, w.get("ln_f.weight"), w.get("ln_f.bias"), eps);
        float[] head = untiedHead != null ? untiedHead : w.get("wte.weight"); // (V, D)
        logitsLast = new double[V];
        for (int v = 0; v < V; v++)
            for (int d = 0; d < D; d++) logitsLast[v] += hidden[T - 1][d] * head[v * D + d];
    }

    private static double[][] layerNorm(double[][] x, float[] g, float[] b, double eps) {
        int D = g.length;
        double[][] out = new double[x.length][D];
        for (int t = 0; t < x.length; t++) {
            double mean = 0, var = 0;
            for (double v : x[t]) mean += v / D;
            for (double v : x[t]) var += (v - mean) * (v - mean) / D;
            for (int d = 0; d < D; d++) out[t][d] = (x[t][d] - mean) / Math.sqrt(var + eps) * g[d] + b[d];
        }
        return out;
    }

    /** in (T, K) · w (K, N) + b, w row-major as HF's Conv1D stores it. */
    private static double[][] linear(double[][] in, float[] w, float[] b, int N) {
        int K = in[0].length;
        double[][] out = new double[in.length][N];
        for (int t = 0; t < in.length; t++)
            for (int n = 0; n < N; n++) {
                double s = b[n];
                for (int k = 0; k < K; k++) s += in[t][k] * w[k * N + n];
                out[t][n] = s;
            }
        return out;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) for (int d = 0; d < x[t].length; d++) x[t][d] += y[t][d];
    }
}
