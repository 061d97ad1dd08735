package org.attentionlens.analysis.circuits;

/**
 * Small dense products in double, row-major, for the per-head matrices of the circuit scores (Dh × Dh, D × Dh).
 * Loops run i-k-j so the innermost one walks both operands' rows (the JIT vectorises it). Legend: n, m, p sizes.
 */
final class Dense {
    private Dense() {
    }

    /** (n, p) = a (n, m) · b (m, p). */
    static double[] times(double[] a, double[] b, int n, int m, int p) {
        double[] out = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < m; k++) {
                double x = a[i * m + k];
                if (x == 0) continue;
                for (int j = 0; j < p; j++) out[i * p + j] += x * b[k * p + j];
            }
        return out;
    }

    /** (m, n) = aᵀ for a (n, m). */
    static double[] transpose(double[] a, int n, int m) {
        double[] out = new double[m * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) out[j * n + i] = a[i * m + j];
        return out;
    }

    /** (m, m) = aᵀ a for a (n, m): the Gram matrix of a's columns. */
    static double[] gram(double[] a, int n, int m) {
        double[] out = new double[m * m];
        for (int k = 0; k < n; k++)
            for (int i = 0; i < m; i++) {
                double x = a[k * m + i];
                if (x == 0) continue;
                for (int j = 0; j < m; j++) out[i * m + j] += x * a[k * m + j];
            }
        return out;
    }

    /** ‖a‖_F. */
    static double frobenius(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }

    /**
     * The upper-triangular R (m, m) with Rᵀ R = g, g (m, m) symmetric positive semi-definite (a Gram matrix), so that
     * ‖X·W‖_F = ‖X·Rᵀ‖_F for any W whose Gram (W Wᵀ) is g, and likewise ‖W·Y‖_F = ‖R·Y‖_F when g = Wᵀ W. A pivot
     * below the rounding of g leaves its row zero: that direction is in g's null space.
     */
    static double[] cholesky(double[] g, int m) {
        double[] r = new double[m * m];
        double trace = 0;
        for (int i = 0; i < m; i++) trace += g[i * m + i];
        double tiny = 1e-13 * Math.max(trace, Double.MIN_NORMAL);
        for (int i = 0; i < m; i++) {
            double d = g[i * m + i];
            for (int k = 0; k < i; k++) d -= r[k * m + i] * r[k * m + i];
            if (d <= tiny) continue; // row i stays zero
            double pivot = Math.sqrt(d);
            r[i * m + i] = pivot;
            for (int j = i + 1; j < m; j++) {
                double s = g[i * m + j];
                for (int k = 0; k < i; k++) s -= r[k * m + i] * r[k * m + j];
                r[i * m + j] = s / pivot;
            }
        }
        return r;
    }
}
