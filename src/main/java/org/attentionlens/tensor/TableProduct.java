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
 * whole vocabulary table once per token, so it is bound by memory bandwidth.
 * <p>Rows are read one after another, so each thread reads one sequential stream: reading four rows side by side
 * (four streams, each crossing a page at every row of 4 KB) ran at half the speed here. Within a row four
 * accumulators take the vector blocks in turn, so the row is not one chain of dependent fmas (one chain
 * capped a thread at about 24 GB/s). An element's reduction depends on C alone: block b of L columns
 * (b &lt; C / L) goes into accumulator b mod 4; the four are added (0 + 1) + (2 + 3), their lanes summed in
 * {@link VectorMath#sum}'s order, then the last C mod L terms added by fma in order — the same for every
 * storage and split. Legend: R rows, C columns, L lanes per vector.
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
        float[] lanes = new float[L]; // (L) one row's partial sums
        float[] row = new float[C];   // (C) one row widened, for F16 and the last C mod L terms
        for (int r = r0; r < r1; r++) {
            if (t instanceof Table.Floats f) floats(lanes, x, f.data(), r * C, Cv);
            else if (t.dtype() == DType.BF16) bf16(lanes, x, ((Table.Halves) t).data(), r * C, Cv);
            else {
                t.row(r, row, 0);
                floats(lanes, x, row, 0, Cv);
            }
            float s = VectorMath.sum(lanes, 0);
            if (Cv < C) {
                t.row(r, row, 0);
                for (int c = Cv; c < C; c++) s = Math.fma(x[c], row[c], s);
            }
            out[r] = s;
        }
    }

    /** The row's partials: blocks taken in turn by four accumulators, which are then added pairwise. */
    private static void floats(float[] lanes, float[] x, float[] t, int o, int Cv) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (; c + 4 * L <= Cv; c += 4 * L) {
            a0 = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, t, o + c), a0);
            a1 = FloatVector.fromArray(S, x, c + L).fma(FloatVector.fromArray(S, t, o + c + L), a1);
            a2 = FloatVector.fromArray(S, x, c + 2 * L).fma(FloatVector.fromArray(S, t, o + c + 2 * L), a2);
            a3 = FloatVector.fromArray(S, x, c + 3 * L).fma(FloatVector.fromArray(S, t, o + c + 3 * L), a3);
        }
        if (c < Cv) {
            a0 = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, t, o + c), a0);
            c += L;
        }
        if (c < Cv) {
            a1 = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, t, o + c), a1);
            c += L;
        }
        if (c < Cv) a2 = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, t, o + c), a2);
        a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    }

    /** As {@link #floats} over a BF16 row, each block widened in registers (a shift). */
    private static void bf16(float[] lanes, float[] x, short[] t, int o, int Cv) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (; c + 4 * L <= Cv; c += 4 * L) {
            a0 = FloatVector.fromArray(S, x, c).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a0);
            a1 = FloatVector.fromArray(S, x, c + L).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c + L)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a1);
            a2 = FloatVector.fromArray(S, x, c + 2 * L).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c + 2 * L)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a2);
            a3 = FloatVector.fromArray(S, x, c + 3 * L).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c + 3 * L)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a3);
        }
        if (c < Cv) {
            a0 = FloatVector.fromArray(S, x, c).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a0);
            c += L;
        }
        if (c < Cv) {
            a1 = FloatVector.fromArray(S, x, c).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c)
                    .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats(), a1);
            c += L;
        }
        if (c < Cv) a2 = FloatVector.fromArray(S, x, c).fma(((IntVector) ShortVector.fromArray(HALVES, t, o + c)
                .convertShape(VectorOperators.S2I, INTS, 0)).lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats(), a2);
        a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    }
}
