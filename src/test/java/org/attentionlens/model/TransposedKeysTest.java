package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A decode step reads the cache's transposed keys: the scores must be the bits a whole pass computes from key rows,
 * and the lazily kept transposition must follow every write, growth and step back. Legend as in {@link ModelSpec}.
 */
class TransposedKeysTest {
    private final Random rnd = new Random(5);

    @Test
    void scoresFromTransposedKeysAreTheSameBitsAsFromKeyRows() {
        for (Kernels kn : new Kernels[]{Kernels.best(), Kernels.scalar()})
            for (int Dh : new int[]{8, 64, 80, 256}) // 256: Gemma 2's head width
                for (int Tk : new int[]{1, 7, 100, 333}) {
                    int R = 1 + rnd.nextInt(3), stride = Tk + 5;
                    float[] q = random(R * Dh), k = random(Tk * Dh), kT = new float[Dh * stride];
                    for (int j = 0; j < Tk; j++)
                        for (int d = 0; d < Dh; d++) kT[d * stride + j] = k[j * Dh + d];
                    float scale = (float) (1 / Math.sqrt(Dh)), cap = Dh == 256 ? 50f : 0f;
                    int j0 = Tk / 3, j1 = Tk;
                    float[] rows = new float[R * Tk], transposed = new float[R * Tk];
                    AttentionMath.scores(kn, rows, q, 0, Dh, k, 0, Dh, R, Tk, j0, j1, Dh, scale, cap);
                    AttentionMath.scoresTransposed(kn, transposed, q, 0, Dh, kT, 0, stride, R, Tk, j0, j1, Dh, scale, cap);
                    assertArrayEquals(rows, transposed, 0f, kn.name() + " Dh " + Dh + " Tk " + Tk);
                }
    }

    @Test
    void theTransposedKeysFollowWritesGrowthAndStepsBack() {
        ModelSpec c = TinyModels.gpt2Grouped(300); // KV width Hkv·Dh < H·Dh
        int W = c.kvWidth();
        KvCache cache = new KvCache(c, 300);
        float[] all = random(300 * W);
        write(cache, c, all, 0, 10);
        check(cache, c, 10);
        write(cache, c, all, 10, 1);
        check(cache, c, 11);
        write(cache, c, all, 11, 150); // past the first capacity of 64 rows: the copy is laid out again
        check(cache, c, 161);
        cache.truncate(100);
        float[] other = random(300 * W);
        System.arraycopy(other, 100 * W, all, 100 * W, 200 * W);
        write(cache, c, all, 100, 3); // a step back, then new positions
        check(cache, c, 103);
    }

    private static void write(KvCache cache, ModelSpec c, float[] all, int pos0, int T) {
        int W = c.kvWidth();
        float[] rows = java.util.Arrays.copyOfRange(all, pos0 * W, (pos0 + T) * W);
        for (int l = 0; l < c.layers(); l++) cache.write(l, rows, rows, pos0, T);
        cache.advance(T);
    }

    private static void check(KvCache cache, ModelSpec c, int P) {
        assertEquals(P, cache.length());
        for (int l = 0; l < c.layers(); l++) {
            float[] t = cache.keysTransposed(l, P), k = cache.keys(l);
            int stride = cache.transposedStride();
            for (int j = 0; j < P; j++)
                for (int e = 0; e < c.kvWidth(); e++)
                    assertEquals(k[j * c.kvWidth() + e], t[e * stride + j], 0f, "layer " + l + " key " + j);
        }
    }

    private float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }
}
