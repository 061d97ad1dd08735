package org.attentionlens.io;

/**
 * Refuses a model whose weights cannot fit in this JVM's heap, with the numbers, before anything large is allocated:
 * a 12 GB checkpoint must not run the app out of memory halfway through reading it.
 */
final class MemoryBudget {
    /** Kept free for the forward pass, its capture and the window. */
    static final long HEADROOM = 384L << 20;

    private MemoryBudget() {
    }

    /** @param weightBytes bytes the weights take in memory (their stored size: 16-bit stays 16-bit) */
    static void check(String model, long weightBytes) throws ModelLoadException {
        Runtime rt = Runtime.getRuntime();
        long free = free(rt);
        if (weightBytes + HEADROOM > free) { // what looks used may be garbage, e.g. the model this one replaces
            System.gc();
            free = free(rt);
        }
        if (weightBytes + HEADROOM > free)
            throw new ModelLoadException(model + " needs " + gb(weightBytes) + " for its weights (plus about "
                    + gb(HEADROOM) + " to run), but this app has " + gb(free) + " of memory free (of "
                    + gb(rt.maxMemory()) + " it may use). Start it with more, e.g. java -Xmx" + suggest(weightBytes)
                    + "g …, or pick a smaller model.");
    }

    private static long free(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private static String gb(long bytes) {
        return String.format("%.1f GB", bytes / 1e9);
    }

    private static long suggest(long weightBytes) {
        return (long) Math.ceil((weightBytes + HEADROOM) * 1.3 / (1L << 30)) + 1;
    }
}
