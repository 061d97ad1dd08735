package org.attentionlens.tensor;

/** Picks the kernels once: the Vector API ones if the incubator module was added, else the scalar ones. */
final class KernelChoice {
    static final Kernels SCALAR = new ScalarKernels();
    static final Kernels BEST = choose();

    private KernelChoice() {
    }

    private static Kernels choose() {
        if (Boolean.getBoolean("attentionlens.scalar")) return SCALAR;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.err.println("Attention Lens: scalar kernels (run java with --add-modules jdk.incubator.vector for the fast ones)");
            return SCALAR;
        }
        try {
            return (Kernels) Class.forName("org.attentionlens.tensor.VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.err.println("Attention Lens: scalar kernels (" + e + ")");
            return SCALAR;
        }
    }
}
