package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * 16-bit weights to float32, L values at a time, exactly (every BF16 and F16 value is a float32 value):
 * BF16 is the upper half of a float32, so a shift; F16's exponent and fraction shifted into place are the value
 * times 2^-112 (subnormals included), so a shift and one exact multiply, with infinities and NaNs patched.
 * Legend: L lanes per vector.
 */
final class Widening {
    /** L shorts: half the vector width. */
    private static final VectorSpecies<Short> HALVES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = S.withLanes(int.class);
    private static final float TWO_POW_112 = 0x1p112f;

    private Widening() {
    }

    /** dst[dstOff … dstOff+n) = src[srcOff …] widened from dtype; n a multiple of L. */
    static void widen(short[] src, int srcOff, float[] dst, int dstOff, int n, DType dtype) {
        if (dtype == DType.BF16) bf16(src, srcOff, dst, dstOff, n);
        else f16(src, srcOff, dst, dstOff, n);
    }

    private static void bf16(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i += L) {
            IntVector bits = (IntVector) ShortVector.fromArray(HALVES, src, srcOff + i)
                    .convertShape(VectorOperators.S2I, INTS, 0);
            bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
    }

    private static void f16(short[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i += L) {
            IntVector h = ((IntVector) ShortVector.fromArray(HALVES, src, srcOff + i)
                    .convertShape(VectorOperators.S2I, INTS, 0)).and(0xFFFF);
            IntVector sign = h.and(0x8000).lanewise(VectorOperators.LSHL, 16);
            IntVector shifted = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
            FloatVector magnitude = shifted.reinterpretAsFloats().mul(TWO_POW_112);
            VectorMask<Integer> special = h.and(0x7C00).eq(0x7C00); // infinity or NaN: all exponent bits set
            IntVector bits = ((IntVector) magnitude.reinterpretAsInts())
                    .blend(shifted.or(0x7F800000), special).or(sign);
            bits.reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
    }
}
