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
     * e^x per lane, relative error about 2e-7 for x in [-87, 88]; 0 below (and for -∞), saturating above.
     * Range reduction x = n·ln2 + r with |r| ≤ ln2/2, a degree-7 Taylor polynomial for e^r, then 2^n
     * built in the exponent bits.
     */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> underflow = x.lt(EXP_MIN);
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector shifted = xc.mul(LOG2E).add(ROUND); // n + 1.5·2²³, exactly
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(1f / 5040, 1f / 720);
        p = p.fma(r, FloatVector.broadcast(S, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(S, 0.5f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = (IntVector) shifted.reinterpretAsInts();
        FloatVector twoToN = bits.sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(twoToN).blend(0f, underflow);
    }

    /** x·σ(x) = x / (1 + e^(−x)). */
    static FloatVector silu(FloatVector x) {
        return x.div(exp(x.neg()).add(1f));
    }

    /** tanh y = 1 − 2 / (e^(2y) + 1): exact to about 1e-7 absolute; ±1 where e^(2y) saturates or vanishes. */
    static FloatVector tanh(FloatVector y) {
        FloatVector two = FloatVector.broadcast(S, 2f);
        return FloatVector.broadcast(S, 1f).sub(two.div(exp(y.mul(2f)).add(1f)));
    }

    /** GPT-2's gelu_new: 0.5·x·(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed as x / (1 + e^(-2u)). */
    static FloatVector geluTanh(FloatVector x) {
        FloatVector u = x.mul(0.044715f).mul(x).mul(x).add(x).mul(SQRT_2_OVER_PI); // rounded as Activations does
        return x.div(exp(u.mul(-2f)).add(1f));
    }

    /**
     * BERT's gelu x·Φ(x) = 0.5·x·(1 + erf(x/√2)), erf by the Chebyshev fit of erfc that
     * {@link Activations#erf} uses (Numerical Recipes §6.2), evaluated in float: relative error ~1e-6.
     * For x < 0 it uses 0.5·x·erfc(|z|) directly, which keeps full relative precision in the left tail.
     */
    static FloatVector geluErf(FloatVector x) {
        FloatVector z = x.abs().mul(SQRT_HALF);
        FloatVector t = z.mul(0.5f).add(1f);
        t = FloatVector.broadcast(S, 1f).div(t);
        FloatVector p = t.fma(0.17087277f, -0.82215223f);
        p = p.fma(t, FloatVector.broadcast(S, 1.48851587f));
        p = p.fma(t, FloatVector.broadcast(S, -1.13520398f));
        p = p.fma(t, FloatVector.broadcast(S, 0.27886807f));
        p = p.fma(t, FloatVector.broadcast(S, -0.18628806f));
        p = p.fma(t, FloatVector.broadcast(S, 0.09678418f));
        p = p.fma(t, FloatVector.broadcast(S, 0.37409196f));
        p = p.fma(t, FloatVector.broadcast(S, 1.00002368f));
        p = p.fma(t, FloatVector.broadcast(S, -1.26551223f));
        FloatVector erfc = t.mul(exp(z.mul(z).neg().add(p)));                 // erfc(|z|)
        FloatVector factor = FloatVector.broadcast(S, 2f).sub(erfc).blend(erfc, x.lt(0f)); // 1 + erf(x/√2)
        return x.mul(0.5f).mul(factor);
    }
}
