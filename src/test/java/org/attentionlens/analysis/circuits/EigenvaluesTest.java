package org.attentionlens.analysis.circuits;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The eigenvalue routine on matrices whose eigenvalues are known, and on random ones through invariants. */
class EigenvaluesTest {
    @Test
    void triangularMatricesHaveTheirDiagonal() {
        double[] a = {3, 1, 4, 0, -2, 5, 0, 0, 0.5};
        assertSorted(new double[]{-2, 0.5, 3}, Eigenvalues.of(a, 3).re());
    }

    @Test
    void aZeroOrNilpotentMatrixHasOnlyZeros() {
        assertArrayEquals(new double[3], Eigenvalues.of(new double[9], 3).re(), 0);
        assertEquals(0, Eigenvalues.of(new double[]{0, 1, 0, 0, 0, 1, 0, 0, 0}, 3).sumOfModuli(), 1e-6);
    }

    @Test
    void aRotationHasAConjugatePair() {
        double c = Math.cos(0.7), s = Math.sin(0.7);
        Eigenvalues e = Eigenvalues.of(new double[]{c, -s, s, c}, 2);
        assertEquals(c, e.re()[0], 1e-12);
        assertEquals(s, Math.abs(e.im()[0]), 1e-12);
        assertEquals(-e.im()[0], e.im()[1], 1e-12);
        assertEquals(2, e.sumOfModuli(), 1e-12);
    }

    /** The companion matrix of (x − 1)(x − 2)(x + 3)(x² − 2x + 5): roots 1, 2, −3 and 1 ± 2i. */
    @Test
    void aCompanionMatrixHasItsPolynomialsRoots() {
        double[] p = {1, -2, -2, 20, -47, 30}; // x⁵ − 2x⁴ − 2x³ + 20x² − 47x + 30
        int n = 5;
        double[] m = new double[n * n];
        for (int i = 1; i < n; i++) m[i * n + i - 1] = 1;
        for (int i = 0; i < n; i++) m[i * n + n - 1] = -p[n - i];
        Eigenvalues e = Eigenvalues.of(m, n);
        double[] moduli = new double[n];
        for (int i = 0; i < n; i++) moduli[i] = Math.hypot(e.re()[i], e.im()[i]);
        assertSorted(new double[]{1, 2, Math.sqrt(5), Math.sqrt(5), 3}, moduli);
        assertSorted(new double[]{-3, 1, 1, 1, 2}, e.re());
    }

    /** Random matrices up to 64: Σλ = trace, Πλ = det, and a similar matrix has the same spectrum. */
    @Test
    void randomMatricesKeepTraceDeterminantAndSimilarity() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int n : new int[]{1, 2, 3, 7, 16, 64}) {
            double[] a = random(rnd, n);
            Eigenvalues e = Eigenvalues.of(a, n);
            double trace = 0, sumIm = 0;
            for (int i = 0; i < n; i++) {
                trace += a[i * n + i];
                sumIm += e.im()[i];
            }
            assertEquals(trace, Arrays.stream(e.re()).sum(), 1e-9 * n);
            assertEquals(0, sumIm, 1e-9 * n, "conjugate pairs");
            if (n <= 16) assertEquals(det(a, n), product(e), 1e-8 * Math.max(1, Math.abs(det(a, n))));
            double[] b = random(rnd, n); // a similar matrix b a b⁻¹ via b a = (b a b⁻¹) b: compare moduli sums
            double[] sim = Dense.times(Dense.times(b, a, n, n, n), inverse(b, n), n, n, n);
            assertEquals(e.sumOfModuli(), Eigenvalues.of(sim, n).sumOfModuli(), 1e-7 * n * e.sumOfModuli());
        }
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        return a;
    }

    private static double product(Eigenvalues e) {
        double re = 1, im = 0;
        for (int i = 0; i < e.re().length; i++) {
            double r = re * e.re()[i] - im * e.im()[i];
            im = re * e.im()[i] + im * e.re()[i];
            re = r;
        }
        return re;
    }

    /** Determinant by Gaussian elimination with partial pivoting. */
    private static double det(double[] m, int n) {
        double[] a = m.clone();
        double d = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
            if (p != c) {
                for (int j = 0; j < n; j++) {
                    double t = a[c * n + j];
                    a[c * n + j] = a[p * n + j];
                    a[p * n + j] = t;
                }
                d = -d;
            }
            d *= a[c * n + c];
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / a[c * n + c];
                for (int j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
            }
        }
        return d;
    }

    /** Inverse by Gauss–Jordan with partial pivoting. */
    private static double[] inverse(double[] m, int n) {
        double[] a = m.clone(), inv = new double[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
            for (int j = 0; j < n; j++) {
                double t = a[c * n + j];
                a[c * n + j] = a[p * n + j];
                a[p * n + j] = t;
                t = inv[c * n + j];
                inv[c * n + j] = inv[p * n + j];
                inv[p * n + j] = t;
            }
            double f = a[c * n + c];
            for (int j = 0; j < n; j++) {
                a[c * n + j] /= f;
                inv[c * n + j] /= f;
            }
            for (int r = 0; r < n; r++) {
                if (r == c) continue;
                double g = a[r * n + c];
                for (int j = 0; j < n; j++) {
                    a[r * n + j] -= g * a[c * n + j];
                    inv[r * n + j] -= g * inv[c * n + j];
                }
            }
        }
        return inv;
    }

    private static void assertSorted(double[] expected, double[] actual) {
        double[] a = actual.clone();
        Arrays.sort(a);
        assertArrayEquals(expected, a, 1e-9);
    }
}
