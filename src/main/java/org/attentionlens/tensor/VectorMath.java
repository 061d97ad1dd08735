package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lanewise functions for {@link VectorKernels}, written with exactly specified operations only (add, mul,
 * fma, compare, bit shifts) so they give the same bits in the interpreter and in every JIT tier.
 * <p>Why not {@code lanewise(EXP)} and {@code reduceLanes(ADD)}: the Vector API lets those differ between
 * its intrinsic and its Java fallback (SVML vs Math.exp, any order of the sum), and the app shows a head's
 * recomputed matrices as the pass's own numbers, so every value must be reproducible bit for bit.
 * Legend: L lanes per vector.
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /** exp's input range: below EXP_MIN the result is flushed to 0, above EXP_MAX it saturates. */
    private static final float EXP_MIN = -87f, EXP_MAX = 88f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two (Cody and Waite) so n·LN2_HI is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude < 2²² to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    private static final float SQRT_HALF = (float) Math.sqrt(0.5);

    private VectorMath() {
    }

    /**
     * Σ of a vector's lanes, stored at lanes[off … off+L) (callers store it: no vector crosses a method
     * boundary, where C2 might box it), in a fixed pairwise order, the same in every JIT tier: lane i plus
     * lane i + L/2, then halving. Overwrites the lanes.
     */
    static float sum(float[] lanes, int off) {
        for (int half = L / 2; half >= 1; half /= 2)
            for (int i = off; i < off + half; i++) lanes[i] += lanes[i + half];
        return lanes[off];
    }

    /**
     * x[off … off+n) = e^x in place, n a multiple of L: relative error about 2e-7 for x in [-87, 88]; 0 below (and
     * for -∞), saturating above. Range reduction x = k·ln2 + r with |r| ≤ ln2/2, a degree-7 Taylor polynomial for
     * e^r, then 2^k built in the exponent bits.
     * <p>Every function here takes arrays and loops itself: a vector passed to or returned from a method that C2
     * does not inline is boxed, and whether it inlines a helper depends on what it compiled first (a helper already
     * compiled on its own may be "too big" to inline), so a whole run could land 2–3 times slower by chance.
     */
    static void exp(float[] x, int off, int n) {
        for (int i = off; i < off + n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            VectorMask<Float> underflow = v.lt(EXP_MIN);
            FloatVector xc = v.max(EXP_MIN).min(EXP_MAX);
            FloatVector shifted = xc.mul(LOG2E).add(ROUND); // k + 1.5·2²³, exactly
            FloatVector k = shifted.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(1f / 5040, 1f / 720);
            p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            IntVector bits = (IntVector) shifted.reinterpretAsInts();
            FloatVector twoToK = bits.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            p.mul(twoToK).blend(0f, underflow).intoArray(x, i);
        }
    }

    /** Elements per pass of the functions built on {@link #exp}: their scratch stays in the L1 cache. */
    private static final int BLOCK = 1024;

    /**
     * x[off … off+n) = e^(x − shift) in place, for any n, and their sum: lane partial sums over the whole vectors,
     * the tail (padded with e^−∞ = 0) added as one more vector, then {@link #sum}'s order. Softmax's numerator and
     * denominator.
     */
    static float expSum(float[] x, int off, int n, float shift) {
        int nv = n - n % L;
        FloatVector sv = FloatVector.zero(S);
        for (int i = off; i < off + nv; i += L) FloatVector.fromArray(S, x, i).sub(shift).intoArray(x, i);
        exp(x, off, nv);
        for (int i = off; i < off + nv; i += L) sv = sv.add(FloatVector.fromArray(S, x, i));
        float[] tail = new float[L]; // (L) the last n mod L values, padded with -∞ (whose exp is 0)
        java.util.Arrays.fill(tail, Float.NEGATIVE_INFINITY);
        for (int i = nv; i < n; i++) tail[i - nv] = x[off + i] - shift;
        exp(tail, 0, L);
        System.arraycopy(tail, 0, x, off + nv, n - nv);
        return sum(sv.add(FloatVector.fromArray(S, tail, 0)).toArray(), 0);
    }

    /** x[0 … n) = act(x) in place, n a multiple of L, a block at a time. */
    static void activate(float[] x, int n, Activation act) {
        float[] t = new float[BLOCK], u = new float[BLOCK]; // (BLOCK) scratch
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            switch (act) {
                case SILU -> silu(x, b, m, t);
                case GELU_TANH -> geluTanh(x, b, m, t);
                case GELU_ERF -> geluErf(x, b, m, t, u);
                case RELU -> {
                    for (int i = b; i < b + m; i += L) FloatVector.fromArray(S, x, i).max(0f).intoArray(x, i);
                }
            }
        }
    }

    /** x·σ(x) = x / (1 + e^(−x)). */
    private static void silu(float[] x, int o, int m, float[] t) {
        for (int i = 0; i < m; i += L) FloatVector.fromArray(S, x, o + i).neg().intoArray(t, i);
        exp(t, 0, m);
        for (int i = 0; i < m; i += L)
            FloatVector.fromArray(S, x, o + i).div(FloatVector.fromArray(S, t, i).add(1f)).intoArray(x, o + i);
    }

    /** GPT-2's gelu_new: 0.5·x·(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x / (1 + e^(−2u)). */
    private static void geluTanh(float[] x, int o, int m, float[] t) {
        for (int i = 0; i < m; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + i);
            v.mul(0.044715f).mul(v).mul(v).add(v).mul(SQRT_2_OVER_PI).mul(-2f).intoArray(t, i); // rounded as Activations does
        }
        exp(t, 0, m);
        for (int i = 0; i < m; i += L)
            FloatVector.fromArray(S, x, o + i).div(FloatVector.fromArray(S, t, i).add(1f)).intoArray(x, o + i);
    }

    /**
     * BERT's gelu x·Φ(x) = 0.5·x·(1 + erf(x/√2)), erf by the Chebyshev fit of erfc that {@link Activations#erf}
     * uses (Numerical Recipes §6.2), evaluated in float: relative error ~1e-6. For x &lt; 0 it uses 0.5·x·erfc(|z|)
     * directly, which keeps full relative precision in the left tail. t holds 1/(1 + |z|/2), e the exponent.
     */
    private static void geluErf(float[] x, int o, int m, float[] t, float[] e) {
        for (int i = 0; i < m; i += L) {
            FloatVector z = FloatVector.fromArray(S, x, o + i).abs().mul(SQRT_HALF);
            FloatVector ti = FloatVector.broadcast(S, 1f).div(z.mul(0.5f).add(1f));
            FloatVector p = ti.fma(0.17087277f, -0.82215223f);
            p = p.fma(ti, FloatVector.broadcast(S, 1.48851587f));
            p = p.fma(ti, FloatVector.broadcast(S, -1.13520398f));
            p = p.fma(ti, FloatVector.broadcast(S, 0.27886807f));
            p = p.fma(ti, FloatVector.broadcast(S, -0.18628806f));
            p = p.fma(ti, FloatVector.broadcast(S, 0.09678418f));
            p = p.fma(ti, FloatVector.broadcast(S, 0.37409196f));
            p = p.fma(ti, FloatVector.broadcast(S, 1.00002368f));
            p = p.fma(ti, FloatVector.broadcast(S, -1.26551223f));
            ti.intoArray(t, i);
            z.mul(z).neg().add(p).intoArray(e, i);
        }
        exp(e, 0, m);
        for (int i = 0; i < m; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, o + i);
            FloatVector erfc = FloatVector.fromArray(S, t, i).mul(FloatVector.fromArray(S, e, i)); // erfc(|z|)
            FloatVector factor = FloatVector.broadcast(S, 2f).sub(erfc).blend(erfc, v.lt(0f)); // 1 + erf(x/√2)
            v.mul(0.5f).mul(factor).intoArray(x, o + i);
        }
    }

    /** x[off … off+n) = cap · tanh(x / cap) in place, n a multiple of L; tanh y = 1 − 2 / (e^(2y) + 1). */
    static void softcap(float[] x, int off, int n, float cap) {
        float[] t = new float[Math.min(BLOCK, Math.max(n, L))]; // (BLOCK) scratch
        for (int b = 0; b < n; b += BLOCK) {
            int m = Math.min(BLOCK, n - b);
            for (int i = 0; i < m; i += L) FloatVector.fromArray(S, x, off + b + i).div(cap).mul(2f).intoArray(t, i);
            exp(t, 0, m);
            for (int i = 0; i < m; i += L)
                FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(FloatVector.fromArray(S, t, i).add(1f)))
                        .mul(cap).intoArray(x, off + b + i);
        }
    }
}
