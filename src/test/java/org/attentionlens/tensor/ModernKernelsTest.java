package org.attentionlens.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels modern families need, Vector API against the scalar reference: RMSNorm, LayerNorm without bias,
 * rotary embeddings (both pairings, partial rotation, tails shorter than a vector), gated activations, soft-capping,
 * products over 16-bit weights (BF16, F16) and 16-bit tables. Rotation and widening are exact in both, so they are
 * compared bit for bit; the others to float rounding. Legend: T rows, D width, K × N a weight, R × C a table.
 */
class ModernKernelsTest {
    private final Kernels scalar = Kernels.scalar();
    private static final Kernels vector = Kernels.best();
    private final SplittableRandom rnd = new SplittableRandom(7);

    @Test
    void rmsNormMatchesScalarAndItsDefinition() {
        for (int D : new int[]{7, 16, 64, 100, 2048}) {
            int T = 5;
            float[] in = random(T * D, 2f), gamma = random(D, 1f), expected = new float[T * D], actual = new float[T * D];
            scalar.rmsNorm(expected, in, gamma, T, D, 1e-6f);
            vector.rmsNorm(actual, in, gamma, T, D, 1e-6f);
            assertClose(expected, actual, 1e-5f, "rmsNorm D=" + D);
            double ms = 0;
            for (int d = 0; d < D; d++) ms += (double) in[d] * in[d];
            double inv = 1 / Math.sqrt(ms / D + 1e-6);
            for (int d = 0; d < D; d++) assertEquals(in[d] * inv * gamma[d], actual[d], 1e-5 * (1 + Math.abs(in[d] * inv * gamma[d])));
            vector.rmsNorm(in, in, gamma, T, D, 1e-6f); // in place
            assertClose(expected, in, 1e-5f, "rmsNorm in place");
        }
    }

    @Test
    void layerNormWithoutBiasIsLayerNormWithZeroBias() {
        int T = 3, D = 70;
        float[] in = random(T * D, 1f), gamma = random(D, 1f), a = new float[T * D], b = new float[T * D];
        for (Kernels kn : new Kernels[]{scalar, vector}) {
            kn.layerNorm(a, in, gamma, null, T, D, 1e-5f);
            kn.layerNorm(b, in, gamma, new float[D], T, D, 1e-5f);
            assertArrayEquals(b, a, 0f, kn.name());
        }
    }

    @Test
    void ropeMatchesScalarBitForBitInBothPairingsAndPartialRotation() {
        int T = 9, heads = 3;
        for (int Dh : new int[]{8, 64, 128})
            for (int rotary : new int[]{2, Dh / 2, Dh})
                for (boolean interleaved : new boolean[]{false, true}) {
                    int stride = heads * Dh + 5, P = rotary / 2;
                    float[] x = random(T * stride, 1f), cos = random(T * P, 1f), sin = random(T * P, 1f);
                    float[] expected = x.clone(), actual = x.clone();
                    scalar.rope(expected, 3, stride, T - 1, heads, Dh, rotary, cos, sin, interleaved);
                    vector.rope(actual, 3, stride, T - 1, heads, Dh, rotary, cos, sin, interleaved);
                    assertArrayEquals(expected, actual, 0f, "rope Dh=" + Dh + " r=" + rotary + " interleaved=" + interleaved);
                }
    }

    @Test
    void ropeTurnsEachPairByItsAngle() {
        int Dh = 8, rotary = 4; // pairs (0, 2) and (1, 3) turn; 4 … 7 pass through
        float[] x = {1, 0, 0, 1, 5, 6, 7, 8};
        float c = (float) Math.cos(0.5), s = (float) Math.sin(0.5);
        vector.rope(x, 0, Dh, 1, 1, Dh, rotary, new float[]{c, 0}, new float[]{s, 1}, false);
        assertArrayEquals(new float[]{c, -1, s, 0, 5, 6, 7, 8}, x, 1e-7f);
        float[] y = {1, 0, 0, 1, 5, 6, 7, 8};
        vector.rope(y, 0, Dh, 1, 1, Dh, rotary, new float[]{c, 0}, new float[]{s, 1}, true); // pairs (0, 1), (2, 3)
        assertArrayEquals(new float[]{c, s, -1, 0, 5, 6, 7, 8}, y, 1e-7f);
    }

    @Test
    void gatedActivationsAndSoftcapMatchScalar() {
        for (Activation act : Activation.values()) {
            float[] gate = random(1003, 3f), up = random(1003, 1f), expected = gate.clone(), actual = gate.clone();
            scalar.gatedActivate(expected, up, 1001, act);
            vector.gatedActivate(actual, up, 1001, act);
            assertClose(expected, actual, 5e-6f, "gated " + act);
        }
        float[] x = random(300, 80f), expected = x.clone(), actual = x.clone();
        scalar.softcap(expected, 5, 290, 30f);
        vector.softcap(actual, 5, 290, 30f);
        for (int i = 0; i < 300; i++) assertEquals(expected[i], actual[i], 2e-6f * 30, "softcap " + x[i]);
        for (int i = 5; i < 295; i++) assertTrue(Math.abs(actual[i]) <= 30f, "capped");
        assertEquals(x[0], actual[0], 0f, "cells outside the range untouched");
    }

    @Test
    void sixteenBitMatmulsEqualFloat32MatmulsOfTheSameValues() {
        for (DType dtype : new DType[]{DType.BF16, DType.F16})
            for (int[] shape : new int[][]{{37, 53}, {64, 97}, {300, 150}})
                for (int T : new int[]{1, 3, 17, 40}) {
                    int K = shape[0], N = shape[1];
                    short[] h = halves(K * N, dtype);
                    float[] f = new float[K * N], in = random(T * K, 1f), bias = random(N, 1f);
                    for (int i = 0; i < f.length; i++) f[i] = dtype.widen(h[i]);
                    Matrix half = vector.pack(h, K, N, dtype), full = vector.pack(f, K, N);
                    assertEquals(dtype, half.dtype());
                    assertTrue(half.bytes() < full.bytes() * 0.51, "16-bit panels take half the memory");
                    float[] a = new float[T * N], b = new float[T * N], s = new float[T * N];
                    vector.matmul(a, in, half, bias, T);
                    vector.matmul(b, in, full, bias, T);
                    assertArrayEquals(b, a, 0f, dtype + " " + K + "x" + N + " T=" + T);
                    scalar.matmul(s, in, scalar.pack(h, K, N, dtype), bias, T);
                    assertClose(s, a, 1e-5f, "scalar " + dtype);
                    float[] rows = new float[T * N], rowsFull = new float[T * N];
                    vector.matmulRows(rows, Arrays.copyOf(in, T * 10), half, 10, 20, T);
                    vector.matmulRows(rowsFull, Arrays.copyOf(in, T * 10), full, 10, 20, T);
                    assertArrayEquals(rowsFull, rows, 0f, "rows of " + dtype);
                    assertEquals(f[K * N - 1], half.get(K - 1, N - 1), 0f);
                }
    }

    @Test
    void packingFromTheStoredOutByInLayoutEqualsPackingTheTranspose() {
        for (Kernels kn : new Kernels[]{scalar, vector})
            for (int[] shape : new int[][]{{37, 53}, {64, 97}, {130, 48}}) {
                int K = shape[0], N = shape[1];
                float[] t = random(N * K, 1f), w = new float[K * N]; // (N, K) stored; (K, N) its transpose
                short[] th = halves(N * K, DType.BF16), wh = new short[K * N];
                for (int n = 0; n < N; n++)
                    for (int k = 0; k < K; k++) {
                        w[k * N + n] = t[n * K + k];
                        wh[k * N + n] = th[n * K + k];
                    }
                Matrix a = kn.packTransposed((n0, count, dst) -> System.arraycopy(t, n0 * K, dst, 0, count * K), K, N);
                Matrix b = kn.packTransposed((n0, count, dst) -> System.arraycopy(th, n0 * K, dst, 0, count * K), K, N,
                        DType.BF16);
                assertArrayEquals(kn.pack(w, K, N).toRowMajor(), a.toRowMajor(), 0f, kn.name());
                assertArrayEquals(kn.pack(wh, K, N, DType.BF16).toRowMajor(), b.toRowMajor(), 0f, kn.name() + " BF16");
            }
        RowReadException e = org.junit.jupiter.api.Assertions.assertThrows(RowReadException.class,
                () -> vector.packTransposed((n0, count, dst) -> { throw new java.io.IOException("disk gone"); }, 8, 8));
        assertEquals("disk gone", e.getCause().getMessage(), "the reader's own failure comes back");
    }

    @Test
    void f16WideningKeepsSubnormalsInfinitiesAndNaNs() {
        int[] patterns = {0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x7BFF, 0x7C00, 0xFC00, 0x7E00, 0xFBFF, 0x8001};
        for (int bits : patterns) { // each through a 1×1 product, where 1 · w = w exactly (0 · ∞ would be NaN)
            short[] v = new short[48 * 16];
            Arrays.fill(v, (short) bits); // whole vectors of the pattern, through every lane
            float[] out = new float[48 * 16];
            vector.matmul(out, new float[]{1f}, vector.pack(v, 1, v.length, DType.F16), null, 1);
            float expected = DType.F16.widen((short) bits);
            for (float o : out)
                if (Float.isNaN(expected)) assertTrue(Float.isNaN(o), Integer.toHexString(bits));
                else assertEquals(expected, o, 0f, Integer.toHexString(bits)); // −0 sums to +0 in the product
        }
    }

    @Test
    void tableProductsMatchScalarAndAreTheSameForEveryStorage() {
        int R = 1003, C = 70;
        for (DType dtype : new DType[]{DType.BF16, DType.F16}) {
            short[] h = halves(R * C, dtype);
            float[] f = new float[R * C], x = random(C, 1f);
            for (int i = 0; i < f.length; i++) f[i] = dtype.widen(h[i]);
            Table half = Table.of(h, R, C, dtype), full = Table.of(f, R, C);
            float[] a = new float[R], b = new float[R], s = new float[R];
            vector.tableProduct(a, x, half);
            vector.tableProduct(b, x, full);
            scalar.tableProduct(s, x, half);
            assertArrayEquals(b, a, 0f, dtype + " table = its float32 values");
            assertClose(s, a, 1e-5f, dtype + " vs scalar");
            assertEquals(half.bytes() * 2, full.bytes());
            float[] row = new float[C];
            half.row(R - 1, row, 0);
            assertArrayEquals(Arrays.copyOfRange(f, (R - 1) * C, R * C), row, 0f);
        }
        int big = 40_000, D = 512; // large enough to be split over the threads
        float[] emb = random(big * D, 0.02f), x = random(D, 1f), split = new float[big], expected = new float[big];
        vector.tableProduct(split, x, Table.of(emb, big, D));
        scalar.tableProduct(expected, x, Table.of(emb, big, D));
        assertClose(expected, split, 1e-5f, "split LM head");
    }

    private short[] halves(int n, DType dtype) {
        short[] h = new short[n];
        for (int i = 0; i < n; i++) h[i] = dtype.narrow((float) rnd.nextGaussian());
        return h;
    }

    private float[] random(int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian() * scale;
        return a;
    }

    /** |expected - actual| ≤ tol · max|expected| for every element. */
    private static void assertClose(float[] expected, float[] actual, float tol, String what) {
        float magnitude = 0f;
        for (float e : expected) magnitude = Math.max(magnitude, Math.abs(e));
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], tol * magnitude, what + ": element " + i);
    }
}
