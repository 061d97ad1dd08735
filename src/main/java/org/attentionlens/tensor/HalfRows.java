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
 * A few rows (decode's one) times a 16-bit panel matrix, widening each weight vector in registers as it streams
 * from memory: a decode step reads every weight once, so it runs at memory speed only if the 16-bit values are
 * read once and never stored wider. Each output element is the same fma chain over k as {@link PanelProduct}'s
 * (the widening is exact), so a decode step equals a whole pass bit for bit. The widening is written out in each
 * loop rather than called: a vector crossing a method boundary made C2 box it.
 * Legend as in {@link Kernels}; L lanes, W = 3L panel width.
 */
final class HalfRows {
    private static final VectorSpecies<Short> HALVES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = S.withLanes(int.class);
    private static final int W = PanelProduct.W;

    private HalfRows() {
    }

    /** Panels p0 … p1-1 of out (T, N) = in (T, kCount) · m[kFrom …] + bias, one row at a time. */
    static void panels(float[] out, float[] in, HalfPanelMatrix m, int kFrom, int kCount, float[] bias, int T,
                       int p0, int p1) {
        int N = m.N;
        float[] tile = new float[W]; // (W) the padded last panel's row
        for (int p = p0; p < p1; p++) {
            int col0 = p * W, cols = Math.min(W, N - col0), wOff = (p * m.K + kFrom) * W;
            for (int t = 0; t < T; t++) {
                boolean whole = cols == W;
                float[] dst = whole ? out : tile;
                int o = whole ? t * N + col0 : 0;
                if (m.dtype == DType.BF16) bf16(dst, o, in, t * kCount, kCount, m.data, wOff);
                else f16(dst, o, in, t * kCount, kCount, m.data, wOff);
                if (!whole) System.arraycopy(tile, 0, out, t * N + col0, cols);
            }
            if (bias != null) PanelProduct.addBias(out, bias, T, N, col0, cols);
        }
    }

    private static void bf16(float[] out, int o, float[] in, int i0, int K, short[] w, int wOff) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        for (int k = 0, wk = wOff; k < K; k++, wk += W) {
            FloatVector a = FloatVector.broadcast(S, in[i0 + k]);
            FloatVector b0 = ((IntVector) ShortVector.fromArray(HALVES, w, wk).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector b1 = ((IntVector) ShortVector.fromArray(HALVES, w, wk + L).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector b2 = ((IntVector) ShortVector.fromArray(HALVES, w, wk + 2 * L).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            c0 = b0.fma(a, c0);
            c1 = b1.fma(a, c1);
            c2 = b2.fma(a, c2);
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + L);
        c2.intoArray(out, o + 2 * L);
    }

    /** As {@link #bf16}, widening F16 as {@link Widening} does. */
    private static void f16(float[] out, int o, float[] in, int i0, int K, short[] w, int wOff) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        for (int k = 0, wk = wOff; k < K; k++, wk += W) {
            FloatVector a = FloatVector.broadcast(S, in[i0 + k]);
            for (int v = 0; v < 3; v++) {
                IntVector h = ((IntVector) ShortVector.fromArray(HALVES, w, wk + v * L)
                        .convertShape(VectorOperators.S2I, INTS, 0)).and(0xFFFF);
                IntVector shifted = h.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
                VectorMask<Integer> special = h.and(0x7C00).eq(0x7C00);
                FloatVector b = ((IntVector) shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts())
                        .blend(shifted.or(0x7F800000), special)
                        .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
                if (v == 0) c0 = b.fma(a, c0);
                else if (v == 1) c1 = b.fma(a, c1);
                else c2 = b.fma(a, c2);
            }
        }
        c0.intoArray(out, o);
        c1.intoArray(out, o + L);
        c2.intoArray(out, o + 2 * L);
    }
}
