package org.attentionlens.analysis.circuits;

/**
 * Eigenvalues of a small real square matrix (n × n, not symmetric): reduced to upper Hessenberg form by Householder
 * similarity transforms, then the Francis double-shift QR iteration (the algorithm of EISPACK's orthes and hqr, as in
 * the public-domain JAMA). Complex eigenvalues come in conjugate pairs. Legend: n the matrix size.
 *
 * @param re (n) real parts
 * @param im (n) imaginary parts
 */
record Eigenvalues(double[] re, double[] im) {

    /** Σ |λ_i|. */
    double sumOfModuli() {
        double s = 0;
        for (int i = 0; i < re.length; i++) s += Math.hypot(re[i], im[i]);
        return s;
    }

    /** Eigenvalues of a (n, n) row-major; a is not changed. */
    static Eigenvalues of(double[] a, int n) {
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(a, i * n, h[i], 0, n);
        hessenberg(h, n);
        double[] re = new double[n], im = new double[n];
        shiftedQr(h, n, re, im);
        return new Eigenvalues(re, im);
    }

    /** h (n, n) → an upper Hessenberg matrix with the same eigenvalues (Householder reflections, in place). */
    private static void hessenberg(double[][] h, int n) {
        double[] ort = new double[n];
        for (int m = 1; m < n - 1; m++) {
            double scale = 0;
            for (int i = m; i < n; i++) scale += Math.abs(h[i][m - 1]);
            if (scale == 0) continue;
            double sq = 0;
            for (int i = n - 1; i >= m; i--) {
                ort[i] = h[i][m - 1] / scale;
                sq += ort[i] * ort[i];
            }
            double g = ort[m] > 0 ? -Math.sqrt(sq) : Math.sqrt(sq);
            sq -= ort[m] * g;
            ort[m] -= g;
            for (int j = m; j < n; j++) { // h = (I − u uᵀ/sq) h
                double f = 0;
                for (int i = n - 1; i >= m; i--) f += ort[i] * h[i][j];
                f /= sq;
                for (int i = m; i < n; i++) h[i][j] -= f * ort[i];
            }
            for (int i = 0; i < n; i++) { // h = h (I − u uᵀ/sq)
                double f = 0;
                for (int j = n - 1; j >= m; j--) f += ort[j] * h[i][j];
                f /= sq;
                for (int j = m; j < n; j++) h[i][j] -= f * ort[j];
            }
            h[m][m - 1] = scale * g;
        }
    }

    /** The eigenvalues of an upper Hessenberg h (n, n), destroyed, into re and im. */
    private static void shiftedQr(double[][] h, int size, double[] re, double[] im) {
        double eps = Math.ulp(1.0), exshift = 0, norm = 0;
        for (int i = 0; i < size; i++)
            for (int j = Math.max(i - 1, 0); j < size; j++) norm += Math.abs(h[i][j]);
        int n = size - 1, iter = 0;
        double p = 0, q = 0, r = 0, s, z = 0, w, x, y;
        while (n >= 0) {
            int l = n; // look for a single small sub-diagonal element
            while (l > 0) {
                s = Math.abs(h[l - 1][l - 1]) + Math.abs(h[l][l]);
                if (s == 0) s = norm;
                if (Math.abs(h[l][l - 1]) <= eps * s) break; // ≤: an exact zero deflates even in a zero matrix
                l--;
            }
            if (l == n) { // one root
                re[n] = h[n][n] + exshift;
                im[n] = 0;
                n--;
                iter = 0;
            } else if (l == n - 1) { // two roots
                w = h[n][n - 1] * h[n - 1][n];
                p = (h[n - 1][n - 1] - h[n][n]) / 2;
                q = p * p + w;
                z = Math.sqrt(Math.abs(q));
                x = h[n][n] + exshift;
                if (q >= 0) {
                    z = p >= 0 ? p + z : p - z;
                    re[n - 1] = x + z;
                    re[n] = z != 0 ? x - w / z : x + z;
                    im[n - 1] = im[n] = 0;
                } else {
                    re[n - 1] = re[n] = x + p;
                    im[n - 1] = z;
                    im[n] = -z;
                }
                n -= 2;
                iter = 0;
            } else { // no convergence yet: a double shift
                x = h[n][n];
                y = h[n - 1][n - 1];
                w = h[n][n - 1] * h[n - 1][n];
                if (iter == 10) { // Wilkinson's exceptional shift
                    exshift += x;
                    for (int i = 0; i <= n; i++) h[i][i] -= x;
                    s = Math.abs(h[n][n - 1]) + Math.abs(h[n - 1][n - 2]);
                    x = y = 0.75 * s;
                    w = -0.4375 * s * s;
                }
                if (iter == 30) { // MATLAB's exceptional shift
                    s = (y - x) / 2;
                    s = s * s + w;
                    if (s > 0) {
                        s = Math.sqrt(s);
                        if (y < x) s = -s;
                        s = x - w / ((y - x) / 2 + s);
                        for (int i = 0; i <= n; i++) h[i][i] -= s;
                        exshift += s;
                        x = y = w = 0.964;
                    }
                }
                if (++iter > 100 * size) throw new ArithmeticException("eigenvalues did not converge");
                int m = n - 2; // look for two consecutive small sub-diagonal elements
                while (m >= l) {
                    z = h[m][m];
                    r = x - z;
                    s = y - z;
                    p = (r * s - w) / h[m + 1][m] + h[m][m + 1];
                    q = h[m + 1][m + 1] - z - r - s;
                    r = h[m + 2][m + 1];
                    s = Math.abs(p) + Math.abs(q) + Math.abs(r);
                    p /= s;
                    q /= s;
                    r /= s;
                    if (m == l) break;
                    if (Math.abs(h[m][m - 1]) * (Math.abs(q) + Math.abs(r))
                            < eps * (Math.abs(p) * (Math.abs(h[m - 1][m - 1]) + Math.abs(z) + Math.abs(h[m + 1][m + 1]))))
                        break;
                    m--;
                }
                for (int i = m + 2; i <= n; i++) {
                    h[i][i - 2] = 0;
                    if (i > m + 2) h[i][i - 3] = 0;
                }
                for (int k = m; k <= n - 1; k++) { // the double QR step on rows l … n, columns m … n
                    boolean notLast = k != n - 1;
                    if (k != m) {
                        p = h[k][k - 1];
                        q = h[k + 1][k - 1];
                        r = notLast ? h[k + 2][k - 1] : 0;
                        x = Math.abs(p) + Math.abs(q) + Math.abs(r);
                        if (x == 0) continue; // EISPACK hqr: nothing to annihilate in this column
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                    s = Math.sqrt(p * p + q * q + r * r);
                    if (p < 0) s = -s;
                    if (s == 0) continue;
                    if (k != m) h[k][k - 1] = -s * x;
                    else if (l != m) h[k][k - 1] = -h[k][k - 1];
                    p += s;
                    x = p / s;
                    y = q / s;
                    z = r / s;
                    q /= p;
                    r /= p;
                    for (int j = k; j < size; j++) { // rows
                        p = h[k][j] + q * h[k + 1][j];
                        if (notLast) {
                            p += r * h[k + 2][j];
                            h[k + 2][j] -= p * z;
                        }
                        h[k][j] -= p * x;
                        h[k + 1][j] -= p * y;
                    }
                    for (int i = 0; i <= Math.min(n, k + 3); i++) { // columns
                        p = x * h[i][k] + y * h[i][k + 1];
                        if (notLast) {
                            p += z * h[i][k + 2];
                            h[i][k + 2] -= p * r;
                        }
                        h[i][k] -= p;
                        h[i][k + 1] -= p * q;
                    }
                }
            }
        }
    }
}
