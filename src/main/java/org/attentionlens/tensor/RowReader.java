package org.attentionlens.tensor;

/**
 * Supplies the rows of a weight stored (N, K), out by in as PyTorch's nn.Linear keeps it, on request: a kernel packs
 * its own layout a block of rows at a time (possibly on several threads at once), so a loader never holds a second
 * copy of the weight. Legend: N rows (outputs), K values per row (inputs).
 *
 * @param <A> the array type the rows go into: float[] for F32, short[] for 16-bit patterns
 */
@FunctionalInterface
public interface RowReader<A> {
    /**
     * Fills dst[0 … count·K) with rows n0 … n0+count-1 as stored. Must be safe to call from several threads for
     * different rows.
     */
    void read(int n0, int count, A dst) throws Exception;
}
