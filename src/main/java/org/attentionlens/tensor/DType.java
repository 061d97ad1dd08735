package org.attentionlens.tensor;

/**
 * How weights are stored in memory. 16-bit checkpoints stay 16-bit: their values are widened to float32 inside
 * the kernels, so a 2.5 GB BF16 model takes 2.5 GB of heap, not 5. Arithmetic is always float32.
 */
public enum DType {
    F32(4),
    /** bfloat16: the upper 16 bits of a float32 (8-bit exponent, 7-bit fraction). */
    BF16(2),
    /** IEEE 754 binary16 (5-bit exponent, 10-bit fraction). */
    F16(2);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The float32 value of a 16-bit pattern of this type (BF16 or F16). */
    public float widen(short bits) {
        return switch (this) {
            case BF16 -> Float.intBitsToFloat((bits & 0xFFFF) << 16);
            case F16 -> halfToFloat(bits);
            case F32 -> throw new IllegalStateException("F32 has no 16-bit pattern");
        };
    }

    /** x rounded to the nearest value of this 16-bit type (ties to even), as its bit pattern. */
    public short narrow(float x) {
        return switch (this) {
            case BF16 -> floatToBf16(x);
            case F16 -> floatToHalf(x);
            case F32 -> throw new IllegalStateException("F32 has no 16-bit pattern");
        };
    }

    /** IEEE 754 binary16 to float32: sign, 5-bit exponent (bias 15), 10-bit fraction; subnormals, inf, NaN kept. */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int frac = bits & 0x3FF;
        if (exp == 0x1F) return Float.intBitsToFloat(sign | 0x7F800000 | (frac << 13));
        if (exp != 0) return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (frac << 13));
        float v = frac * 0x1p-24f; // subnormal (or zero): frac · 2^-24, exact in float32
        return sign != 0 ? -v : v;
    }

    private static short floatToBf16(float x) {
        int b = Float.floatToRawIntBits(x);
        if ((b & 0x7FFFFFFF) > 0x7F800000) return (short) ((b >>> 16) | 0x40); // NaN stays a (quiet) NaN
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    /** Round to nearest even through double: a float's value is exact in double, and a half's too. */
    private static short floatToHalf(float x) {
        int b = Float.floatToRawIntBits(x);
        int sign = (b >>> 16) & 0x8000;
        if (Float.isNaN(x)) return (short) (sign | 0x7E00);
        double a = Math.abs((double) x);
        if (a >= 65520) return (short) (sign | 0x7C00); // rounds past the largest half (65504): infinity
        if (a < 0x1p-14) { // subnormal range: multiples of 2^-24
            long m = Math.round(a * 0x1p24);
            double exact = a * 0x1p24;
            if (exact - Math.floor(exact) == 0.5 && (m & 1) == 1) m--; // ties to even
            return (short) (sign | m);
        }
        int e = Math.getExponent(a);                  // 2^e ≤ a < 2^(e+1), e ≥ -14
        double scaled = a / Math.scalb(1.0, e) * 1024; // 1024 … 2048
        long m = (long) Math.floor(scaled);
        double rest = scaled - m;
        if (rest > 0.5 || (rest == 0.5 && (m & 1) == 1)) m++;
        if (m == 2048) {
            m = 1024;
            e++;
        }
        return (short) (sign | ((e + 15) << 10) | (m - 1024));
    }
}
