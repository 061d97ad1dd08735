package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * Rotary position embedding for {@link VectorKernels#rope}. Each output is x·cos − y·sin or y·cos + x·sin with
 * both products rounded before the sum, as the scalar reference computes it, so the two give the same bits.
 * <ul>
 * <li>Halves (pairs i, i + r/2): vectors run along i, over the two halves side by side.</li>
 * <li>Interleaved (pairs 2i, 2i+1): a vector holds L/2 pairs; x·cos' + swap(x)·sin' with cos' = (c₀, c₀, c₁, c₁, …)
 *     and sin' = (−s₀, s₀, −s₁, s₁, …), swap exchanging the two members of each pair.</li>
 * </ul>
 * Legend: T rows, Dh head width, r rotary dimensions, L lanes per vector.
 */
final class Rotations {
    private static final VectorShuffle<Float> SWAP_PAIRS = VectorShuffle.fromOp(S, i -> i ^ 1);

    private Rotations() {
    }

    static void rotate(float[] x, int off, int stride, int T, int heads, int Dh, int rotary, float[] cos, float[] sin,
                       boolean interleaved) {
        if (interleaved) interleavedPairs(x, off, stride, T, heads, Dh, rotary, cos, sin);
        else halves(x, off, stride, T, heads, Dh, rotary, cos, sin);
    }

    private static void halves(float[] x, int off, int stride, int T, int heads, int Dh, int rotary, float[] cos,
                               float[] sin) {
        int half = rotary / 2, hv = half - half % L;
        for (int t = 0; t < T; t++)
            for (int h = 0; h < heads; h++) {
                int o = off + t * stride + h * Dh, cs = t * half;
                for (int i = 0; i < hv; i += L) {
                    FloatVector a = FloatVector.fromArray(S, x, o + i), b = FloatVector.fromArray(S, x, o + half + i);
                    FloatVector c = FloatVector.fromArray(S, cos, cs + i), s = FloatVector.fromArray(S, sin, cs + i);
                    a.mul(c).sub(b.mul(s)).intoArray(x, o + i);
                    b.mul(c).add(a.mul(s)).intoArray(x, o + half + i);
                }
                for (int i = hv; i < half; i++) {
                    float c = cos[cs + i], s = sin[cs + i], a = x[o + i], b = x[o + half + i];
                    x[o + i] = a * c - b * s;
                    x[o + half + i] = b * c + a * s;
                }
            }
    }

    private static void interleavedPairs(float[] x, int off, int stride, int T, int heads, int Dh, int rotary,
                                         float[] cos, float[] sin) {
        int half = rotary / 2, rv = rotary - rotary % L;
        float[] cosPairs = new float[rotary], sinPairs = new float[rotary]; // (r) one row's c₀ c₀ c₁ c₁ …, −s₀ s₀ …
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < half; i++) {
                cosPairs[2 * i] = cosPairs[2 * i + 1] = cos[t * half + i];
                sinPairs[2 * i] = -sin[t * half + i];
                sinPairs[2 * i + 1] = sin[t * half + i];
            }
            for (int h = 0; h < heads; h++) {
                int o = off + t * stride + h * Dh;
                for (int i = 0; i < rv; i += L) {
                    FloatVector v = FloatVector.fromArray(S, x, o + i);
                    v.mul(FloatVector.fromArray(S, cosPairs, i))
                            .add(v.rearrange(SWAP_PAIRS).mul(FloatVector.fromArray(S, sinPairs, i))).intoArray(x, o + i);
                }
                for (int i = rv; i < rotary; i += 2) {
                    float c = cosPairs[i], s = sinPairs[i + 1], a = x[o + i], b = x[o + i + 1];
                    x[o + i] = a * c - b * s;
                    x[o + i + 1] = b * c + a * s;
                }
            }
        }
    }
}
