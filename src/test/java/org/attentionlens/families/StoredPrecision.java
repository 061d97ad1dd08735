package org.attentionlens.families;

/**
 * Rounds values to what a checkpoint of a given dtype stores, and encodes/decodes those dtypes' bits.
 * A value is first rounded to float32 (the dtype HF's tensors had before being cast), then, for BF16 and F16,
 * to the nearest representable value with ties to even, as torch's casts do. Subnormal F16 values are kept.
 */
final class StoredPrecision {
    private StoredPrecision() {
    }

    /** Bytes per element of a safetensors dtype. */
    static int width(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IllegalArgumentException("dtype " + dtype);
        };
    }

    /** The value a tensor of this dtype holds for v. */
    static double round(double v, String dtype) {
        float f = (float) v;
        return switch (dtype) {
            case "F32" -> f;
            case "BF16" -> roundToMantissa(f, 7, -126);
            case "F16" -> {
                double r = roundToMantissa(f, 10, -14);
                if (Math.abs(r) > 65504) throw new IllegalArgumentException(v + " overflows F16");
                yield r;
            }
            default -> throw new IllegalArgumentException("dtype " + dtype);
        };
    }

    /** Nearest value with `bits` stored mantissa bits and minimum normal exponent `minExp`, ties to even. */
    private static double roundToMantissa(float f, int bits, int minExp) {
        if (f == 0f) return f;
        int e = Math.max(Math.getExponent(f), minExp);
        double quantum = Math.scalb(1.0, e - bits);  // below minExp the spacing stays that of the subnormals
        return Math.rint(f / quantum) * quantum;     // f / quantum is exact: quantum is a power of two
    }

    /** Little-endian bits of values already rounded to dtype. */
    static byte[] encode(double[] values, String dtype) {
        int w = width(dtype);
        byte[] out = new byte[values.length * w];
        for (int i = 0; i < values.length; i++) {
            int bits = switch (dtype) {
                case "F32" -> Float.floatToRawIntBits((float) values[i]);
                case "BF16" -> Float.floatToRawIntBits((float) values[i]) >>> 16;  // exact: the low half is zero
                default -> halfBits(values[i]);
            };
            for (int b = 0; b < w; b++) out[i * w + b] = (byte) (bits >>> (8 * b));
        }
        return out;
    }

    /** One element decoded from little-endian bytes at offset. */
    static double decode(byte[] data, int offset, String dtype) {
        return switch (dtype) {
            case "F32" -> Float.intBitsToFloat((data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8
                    | (data[offset + 2] & 0xff) << 16 | (data[offset + 3] & 0xff) << 24);
            case "BF16" -> Float.intBitsToFloat(((data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8) << 16);
            case "F16" -> halfValue((data[offset] & 0xff) | (data[offset + 1] & 0xff) << 8);
            default -> throw new IllegalArgumentException("dtype " + dtype);
        };
    }

    /** IEEE binary16 bits of v, which must already be representable. */
    private static int halfBits(double v) {
        int sign = (Double.doubleToRawLongBits(v) < 0) ? 0x8000 : 0;
        double a = Math.abs(v);
        if (a == 0) return sign;
        int e = Math.getExponent(a);
        if (e < -14) return sign | (int) Math.round(a / Math.scalb(1.0, -24));        // subnormal
        return sign | (e + 15) << 10 | ((int) Math.round(a / Math.scalb(1.0, e - 10)) - 1024);
    }

    private static double halfValue(int bits) {
        double sign = (bits & 0x8000) != 0 ? -1 : 1;
        int e = (bits >>> 10) & 0x1f;
        int m = bits & 0x3ff;
        if (e == 0) return sign * Math.scalb((double) m, -24);
        if (e == 31) return m == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        return sign * Math.scalb((double) (1024 + m), e - 25);
    }
}
