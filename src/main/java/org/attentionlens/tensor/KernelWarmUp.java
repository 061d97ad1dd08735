package org.attentionlens.tensor;

/**
 * Runs every kernel a few thousand times on small inputs in a background thread when the fast kernels load.
 * <p>Why: until C2 has compiled them, Vector API calls run as plain Java that allocates an object per
 * operation, and the app's first forward pass took about six times as long as the next ones. Small inputs
 * take the same code paths (the same methods and loops), so the JIT is done before a user presses Run.
 * Legend as in {@link Kernels}.
 */
final class KernelWarmUp {
    private static final int ROUNDS = 3000;

    private KernelWarmUp() {
    }

    static void startInBackground(Kernels kn) {
        Thread t = new Thread(() -> run(kn, ROUNDS), "attention-lens-kernel-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** rounds × every kernel on small shapes. */
    static void run(Kernels kn, int rounds) {
        int T = 9, K = 64, N = 100;
        Matrix w = kn.pack(filled(K * N), K, N);
        float[] outByIn = filled(N * K);                      // (N, K) as a checkpoint stores a weight
        short[] halvesOutByIn = halves(N * K, DType.BF16);    // (N, K)
        Matrix bf16 = kn.pack(halves(K * N, DType.BF16), K, N, DType.BF16), f16 = kn.pack(halves(K * N, DType.F16), K, N, DType.F16);
        Table table = Table.of(filled(N * K), N, K), halfTable = Table.of(halves(N * K, DType.BF16), N, K, DType.BF16);
        float[] in = filled(T * K), keys = filled(33 * K), out = new float[T * 300], bias = filled(N);
        float[] wide = filled(3 * 300), x = filled(4 * 67); // (3, 300) and (4, 67)
        float[] cos = filled(T * 8), sin = filled(T * 8);     // (T, 8) rotary angles of 16 dimensions
        for (int r = 0; r < rounds; r++) {
            if (r % 100 == 0) { // the loader's packing, less often: each call allocates the matrix
                kn.packTransposed((n0, count, dst) -> System.arraycopy(outByIn, n0 * K, dst, 0, count * K), K, N);
                kn.packTransposed((n0, count, dst) -> System.arraycopy(halvesOutByIn, n0 * K, dst, 0, count * K), K, N,
                        DType.BF16);
            }
            kn.matmul(out, in, w, bias, T);
            kn.matmul(out, in, w, null, 1);
            kn.matmulRows(out, in, w, 16, 48, T);
            kn.matmul(out, in, bf16, bias, T);
            kn.matmul(out, in, f16, null, 1);
            kn.tableProduct(out, in, table);
            kn.tableProduct(out, in, halfTable);
            kn.rope(in, 0, K, T, 2, 32, 16, cos, sin, false);
            kn.rope(in, 0, K, T, 2, 32, 16, cos, sin, true);
            kn.matmulTransposed(out, 0, 33, in, 0, K, keys, 0, K, T, 33, K, 0.125f);   // attention scores
            kn.matmulTransposed(out, 0, 33, in, 0, K, keys, 0, K, 1, 33, K, 0.125f);   // one decode row
            kn.matmulTransposed(out, 0, 3, wide, 0, 300, wide, 0, 300, 1, 3, 300, 1f); // an LM head
            kn.matmulStrided(out, 0, K, x, 0, 67, in, 0, K, 4, 9, K);                  // weights · V
            kn.matmulStrided(out, 0, K, x, 0, 67, in, 0, K, 1, 9, K);
            System.arraycopy(in, 0, x, 0, 67);
            kn.softmax(x, 0, 67);
            kn.layerNorm(out, in, in, in, 2, K, 1e-5f);
            kn.rmsNorm(out, in, in, 2, K, 1e-5f);
            for (Activation act : Activation.values()) kn.activate(x, 67, act);
            kn.gatedActivate(x, in, 67, Activation.SILU);
            kn.softcap(x, 0, 67, 30f);
            kn.add(x, in, 67);
        }
    }

    private static short[] halves(int n, DType dtype) {
        float[] f = filled(n);
        short[] h = new short[n];
        for (int i = 0; i < n; i++) h[i] = dtype.narrow(f[i]);
        return h;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) Math.sin(i) * 0.1f;
        return a;
    }
}
