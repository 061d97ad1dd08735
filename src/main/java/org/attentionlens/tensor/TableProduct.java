package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (R) = t (R, C) · x (C) for {@link VectorKernels#tableProduct}: the LM head of one position, which reads the
 * whole vocabulary table once per token, so it is bound by memory bandwidth. Four rows are read side by side (four
 * memory streams keep more loads in flight than one), 16-bit rows widened in registers. An element's reduction
 * depends on C alone: L partial sums over c ≡ lane (mod L) up to C − C mod L, added in {@link VectorMath#sum}'s
 * order, then the last C mod L terms by fma in order — the same for one row or four, and as
 * {@link TransposedProduct}'s lane reduction. Legend: R rows, C columns, L lanes per vector.
 */
final class TableProduct {
    private static final VectorSpecies<Short> HALVES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> INTS = S.withLanes(int.class);

    private TableProduct() {
    }

    /** Rows r0 … r1-1 of out. */
    static void rows(float[] out, float[] x, Table t, int r0, int r1) {
        int C = t.cols(), Cv = C - C % L;
        float[] lanes = new float[4 * L]; // (4, L) partial sums of four rows
        float[] row = new float[C];       // (C) one row widened, for the last C mod L terms
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            if (t instanceof Table.Floats f) floats4(lanes, x, f.data(), r * C, C, Cv);
            else if (t.dtype() == DType.BF16) bf16x4(lanes, x, ((Table.Halves) t).data(), r * C, C, Cv);
            else halvesByRow(lanes, x, t, r, 4, row, Cv);
            for (int i = 0; i < 4; i++) out[r + i] = finish(lanes, i * L, x, t, r + i, row, Cv, C);
        }
        for (; r < r1; r++) {
            if (t instanceof Table.Floats f) floats4(lanes, x, f.data(), r * C, 0, Cv); // stride 0: one row
            else halvesByRow(lanes, x, t, r, 1, row, Cv);
            out[r] = finish(lanes, 0, x, t, r, row, Cv, C);
        }
    }

    /** The partials of one row summed in the fixed order, then the last C mod L terms in order. */
    private static float finish(float[] lanes, int off, float[] x, Table t, int r, float[] row, int Cv, int C) {
        float s = VectorMath.sum(lanes, off);
        if (Cv == C) return s;
        t.row(r, row, 0);
        for (int c = Cv; c < C; c++) s = Math.fma(x[c], row[c], s);
        return s;
    }

    /** Partials of rows at o, o+stride, o+2·stride, o+3·stride of a float32 table. */
    private static void floats4(float[] lanes, float[] x, float[] t, int o, int stride, int Cv) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int o1 = o + stride, o2 = o1 + stride, o3 = o2 + stride;
        for (int c = 0; c < Cv; c += L) {
            FloatVector xv = FloatVector.fromArray(S, x, c);
            a0 = xv.fma(FloatVector.fromArray(S, t, o + c), a0);
            a1 = xv.fma(FloatVector.fromArray(S, t, o1 + c), a1);
            a2 = xv.fma(FloatVector.fromArray(S, t, o2 + c), a2);
            a3 = xv.fma(FloatVector.fromArray(S, t, o3 + c), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }

    /** Partials of four consecutive BF16 rows at o, widened in registers (a shift). */
    private static void bf16x4(float[] lanes, float[] x, short[] t, int o, int C, int Cv) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int o1 = o + C, o2 = o1 + C, o3 = o2 + C;
        for (int c = 0; c < Cv; c += L) {
            FloatVector xv = FloatVector.fromArray(S, x, c);
            a0 = xv.fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a0);
            a1 = xv.fma(((IntVector) ShortVector.fromArray(HALVES, t, o1 + c).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a1);
            a2 = xv.fma(((IntVector) ShortVector.fromArray(HALVES, t, o2 + c).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a2);
            a3 = xv.fma(((IntVector) ShortVector.fromArray(HALVES, t, o3 + c).convertShape(VectorOperators.S2I, INTS, 0))
                    .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
    }

    /** Partials of n rows from r of a 16-bit table (F16, or a lone BF16 row), each widened into row first. */
    private static void halvesByRow(float[] lanes, float[] x, Table t, int r, int n, float[] row, int Cv) {
        for (int i = 0; i < n; i++) {
            t.row(r + i, row, 0);
            FloatVector a = FloatVector.zero(S);
            for (int c = 0; c < Cv; c += L) a = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, row, c), a);
            a.intoArray(lanes, i * L);
        }
    }
}
