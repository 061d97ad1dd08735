package org.attentionlens.tensor;

import jdk.incubator.vector.FloatVector;

import static org.attentionlens.tensor.VectorMath.L;
import static org.attentionlens.tensor.VectorMath.S;

/**
 * out (R) = t (R, C) · x (C) for {@link VectorKernels#tableProduct}: the LM head of one position, which reads the
 * whole vocabulary table once per token, so it is bound by memory bandwidth. Each row is read as one stream
 * (a 16-bit row is widened to float32 into a small buffer first). An element's reduction depends on C alone:
 * L partial sums over c ≡ lane (mod L) up to C − C mod L, added in {@link VectorMath#sum}'s order, then the last
 * C mod L terms by fma in order — the same as {@link TransposedProduct}'s lane reduction.
 * Legend: R rows, C columns, L lanes per vector.
 */
final class TableProduct {
    private TableProduct() {
    }

    /** Rows r0 … r1-1 of out. */
    static void rows(float[] out, float[] x, Table t, int r0, int r1) {
        int C = t.cols(), Cv = C - C % L;
        float[] lanes = new float[L];
        if (t instanceof Table.Floats f) {
            for (int r = r0; r < r1; r++) out[r] = dot(lanes, x, f.data(), r * C, Cv, C);
            return;
        }
        Table.Halves h = (Table.Halves) t;
        float[] row = new float[C + L]; // (C) one row widened; L spare so the widening runs whole vectors
        int Cw = (C + L - 1) / L * L;
        for (int r = r0; r < r1; r++) {
            int base = r * C;
            if (base + Cw <= h.data().length) Widening.widen(h.data(), base, row, 0, Cw, h.dtype());
            else h.row(r, row, 0); // the table's last row: no room for a whole last vector
            out[r] = dot(lanes, x, row, 0, Cv, C);
        }
    }

    private static float dot(float[] lanes, float[] x, float[] row, int off, int Cv, int C) {
        FloatVector acc = FloatVector.zero(S);
        for (int c = 0; c < Cv; c += L)
            acc = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, row, off + c), acc);
        acc.intoArray(lanes, 0);
        float s = VectorMath.sum(lanes, 0);
        for (int c = Cv; c < C; c++) s = Math.fma(x[c], row[off + c], s);
        return s;
    }
}
