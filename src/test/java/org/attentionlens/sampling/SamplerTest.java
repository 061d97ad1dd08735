package org.attentionlens.sampling;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The sampling pipeline against hand-computed distributions and, for draws, a chi-square bound. */
class SamplerTest {

    /** Logits whose softmax is exactly p. */
    private static float[] logitsOf(double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) l[i] = (float) Math.log(p[i]);
        return l;
    }

    private static int kept(double[] d) {
        int n = 0;
        for (double x : d) if (x > 0) n++;
        return n;
    }

    @Test
    void topKKeepsExactlyTheKMostLikely() {
        SplittableRandom r = new SplittableRandom(1);
        float[] logits = new float[200];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) r.nextGaussian() * 3;
        for (int k : new int[]{1, 5, 37, 199}) {
            double[] d = Sampler.of(new SamplingSettings(1, k, 1, 0)).distribution(logits);
            assertEquals(k, kept(d));
            double minKept = Double.MAX_VALUE, maxDropped = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < d.length; i++) {
                sum += d[i];
                if (d[i] > 0) minKept = Math.min(minKept, logits[i]);
                else maxDropped = Math.max(maxDropped, logits[i]);
            }
            assertTrue(minKept >= maxDropped, "kept the largest logits");
            assertEquals(1, sum, 1e-12);
        }
        float[] ties = new float[10];
        double[] d = Sampler.of(new SamplingSettings(1, 3, 1, 0)).distribution(ties);
        assertEquals(3, kept(d), "ties still keep exactly k");
        assertArrayEquals(new double[]{1 / 3.0, 1 / 3.0, 1 / 3.0, 0, 0, 0, 0, 0, 0, 0}, d, 1e-12, "lowest ids win ties");
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        float[] logits = logitsOf(0.15, 0.5, 0.05, 0.3);
        assertArrayEquals(new double[]{0, 1, 0, 0}, dist(logits, 0.5), 1e-6);
        assertArrayEquals(new double[]{0, 0.5 / 0.8, 0, 0.3 / 0.8}, dist(logits, 0.75), 1e-6);
        assertArrayEquals(new double[]{0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95}, dist(logits, 0.9), 1e-6);
        assertArrayEquals(new double[]{0.15, 0.5, 0.05, 0.3}, dist(logits, 0.97), 1e-6);
        // Property over random vectors: kept mass ≥ p, and without its least likely member it falls below p.
        SplittableRandom r = new SplittableRandom(2);
        for (int trial = 0; trial < 50; trial++) {
            float[] l = new float[100];
            for (int i = 0; i < l.length; i++) l[i] = (float) r.nextGaussian() * 2;
            double topP = 0.05 + 0.9 * r.nextDouble();
            double[] full = Sampler.of(new SamplingSettings(1, 0, 1, 0)).distribution(l);
            double[] d = dist(l, topP);
            double mass = 0, least = Double.MAX_VALUE;
            for (int i = 0; i < d.length; i++)
                if (d[i] > 0) {
                    mass += full[i];
                    least = Math.min(least, full[i]);
                }
            assertTrue(mass >= topP - 1e-9, "reaches p");
            assertTrue(mass - least < topP, "smallest such set");
        }
    }

    private static double[] dist(float[] logits, double topP) {
        return Sampler.of(new SamplingSettings(1, 0, topP, 0)).distribution(logits);
    }

    @Test
    void temperatureThenTopKThenTopPComposeInThatOrder() {
        // p = (0.4, 0.3, 0.2, 0.1); temperature 0.5 squares then renormalises: (16, 9, 4, 1) / 30.
        float[] logits = logitsOf(0.4, 0.3, 0.2, 0.1);
        double[] t = Sampler.of(new SamplingSettings(0.5, 0, 1, 0)).distribution(logits);
        assertArrayEquals(new double[]{16 / 30.0, 9 / 30.0, 4 / 30.0, 1 / 30.0}, t, 1e-6);
        // top-k 3 → (16, 9, 4)/29; top-p 0.8 of that: 16/29 = 0.55 < 0.8, 25/29 = 0.86 ≥ 0.8 → (16, 9)/25.
        double[] all = Sampler.of(new SamplingSettings(0.5, 3, 0.8, 0)).distribution(logits);
        assertArrayEquals(new double[]{16 / 25.0, 9 / 25.0, 0, 0}, all, 1e-6);
    }

    @Test
    void temperatureTowardsZeroIsGreedy() {
        float[] logits = {0.1f, 2.5f, 2.4f, -1f};
        Sampler greedy = Sampler.of(new SamplingSettings(0, 0, 1, 3));
        assertArrayEquals(new double[]{0, 1, 0, 0}, greedy.distribution(logits));
        for (int n = 0; n < 100; n++) assertEquals(1, greedy.sample(logits, n));
        double[] cold = Sampler.of(new SamplingSettings(1e-3, 0, 1, 3)).distribution(logits);
        assertEquals(1, cold[1], 1e-12, "a tiny temperature leaves all mass on the argmax");
    }

    @Test
    void drawsFollowTheDistribution() {
        double[] p = {0.5, 0.25, 0.15, 0.1};
        assertChiSquare(Sampler.of(new SamplingSettings(1, 0, 1, 42)), logitsOf(p), p);
        // Temperature 2: p ∝ √p.
        double[] sqrt = new double[p.length];
        double s = 0;
        for (int i = 0; i < p.length; i++) s += sqrt[i] = Math.sqrt(p[i]);
        for (int i = 0; i < p.length; i++) sqrt[i] /= s;
        assertChiSquare(Sampler.of(new SamplingSettings(2, 0, 1, 7)), logitsOf(p), sqrt);
        // Top-k 2: (0.5, 0.25) / 0.75 and never anything else.
        assertChiSquare(Sampler.of(new SamplingSettings(1, 2, 1, 9)), logitsOf(p), new double[]{2 / 3.0, 1 / 3.0, 0, 0});
    }

    /** 20 000 draws; χ² over the categories with p &gt; 0 below the 0.1% critical value for 3 degrees of freedom. */
    private static void assertChiSquare(Sampler sampler, float[] logits, double[] expected) {
        int n = 20_000;
        int[] counts = new int[expected.length];
        for (int draw = 0; draw < n; draw++) counts[sampler.sample(logits, draw)]++;
        double chi2 = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0, counts[i], "a filtered token was drawn");
                continue;
            }
            double e = n * expected[i];
            chi2 += (counts[i] - e) * (counts[i] - e) / e;
        }
        assertTrue(chi2 < 16.27, "chi-square " + chi2);
    }

    @Test
    void sameSeedSameTokensAndDrawsAreIndexed() {
        float[] logits = new float[50];
        for (int i = 0; i < logits.length; i++) logits[i] = (float) Math.sin(i);
        SamplingSettings s = new SamplingSettings(1.3, 20, 0.9, 123);
        int[] a = new int[200], b = new int[200], c = new int[200];
        for (int n = 0; n < 200; n++) {
            a[n] = Sampler.of(s).sample(logits, n);
            b[n] = Sampler.of(s).sample(logits, n);
            c[n] = Sampler.of(new SamplingSettings(1.3, 20, 0.9, 124)).sample(logits, n);
        }
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "another seed, other tokens");
        assertEquals(a[57], Sampler.of(s).sample(logits, 57), "draw n does not depend on the draws before it");
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(-1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, -2, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 0, 0));
        assertTrue(e.getMessage().contains("top-p"));
        assertThrows(IllegalArgumentException.class, () -> new SamplingSettings(1, 0, 1.5, 0));
    }

    @Test
    void rankingSortsDescendingWithTiesById() {
        double[] p = {0.1, 0.4, 0.1, 0.4, 0};
        assertArrayEquals(new int[]{1, 3, 0, 2, 4}, Ranking.descending(p));
        assertArrayEquals(new int[]{1, 3, 0}, Ranking.top(p, 3));
        assertArrayEquals(new int[]{1, 3, 0, 2, 4}, Ranking.top(p, 10));
    }
}
