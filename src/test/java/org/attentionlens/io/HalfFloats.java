package org.attentionlens.io;

import java.util.Arrays;

/**
 * The test's own 16-bit float encodings, independent of the reader's decoder: every finite F16 value is
 * computed from its definition ((-1)^s · 2^(e-15) · (1 + m/1024), subnormals 2^-24 · m) and a float is rounded
 * to the nearest one by search; BF16 is the upper half of a float32, rounded to nearest even.
 */
final class HalfFloats {
    private static final double[] F16_VALUES; // (31744) the non-negative finite halves, ascending by bits
    static {
        F16_VALUES = new double[0x7C00];
        for (int bits = 0; bits < 0x7C00; bits++) F16_VALUES[bits] = f16(bits);
    }

    private HalfFloats() {
    }

    /** The value of a binary16 bit pattern (finite patterns only). */
    static double f16(int bits) {
        int s = bits >> 15 & 1, e = bits >> 10 & 0x1F, m = bits & 0x3FF;
        double v = e == 0 ? m * Math.pow(2, -24) : (1 + m / 1024.0) * Math.pow(2, e - 15);
        return s == 1 ? -v : v;
    }

    static short bits(float x, String dtype) {
        if (dtype.equals("BF16")) {
            int b = Float.floatToIntBits(x);
            return (short) ((b + 0x7FFF + (b >>> 16 & 1)) >>> 16);
        }
        double a = Math.abs(x);
        int i = Arrays.binarySearch(F16_VALUES, a);
        if (i < 0) {
            int hi = Math.min(-i - 1, F16_VALUES.length - 1), lo = Math.max(hi - 1, 0);
            i = a - F16_VALUES[lo] <= F16_VALUES[hi] - a ? lo : hi;
        }
        return (short) (i | (x < 0 ? 0x8000 : 0));
    }

    /** x rounded to the dtype's precision, as a float. */
    static float round(float x, String dtype) {
        return switch (dtype) {
            case "F32" -> x;
            case "BF16" -> Float.intBitsToFloat((bits(x, dtype) & 0xFFFF) << 16);
            default -> (float) f16(bits(x, dtype) & 0xFFFF);
        };
    }
}
