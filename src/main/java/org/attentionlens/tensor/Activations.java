package org.attentionlens.tensor;

/** Scalar activation functions shared by the kernels (and their derivatives, for training). */
public final class Activations {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private Activations() {
    }

    /** GPT-2's gelu_new: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static float geluTanh(float x) {
        return (float) (0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x))));
    }

    /** d/dx of {@link #geluTanh}: 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(…). */
    public static float geluTanhGrad(float x) {
        double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
        double t = Math.abs(u) > 20 ? Math.signum(u) : 1 - 2 / (Math.exp(2 * u) + 1); // tanh u; Math.tanh is 3-5x slower
        return (float) (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x * x));
    }

    /** BERT's gelu: x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
    public static float geluErf(float x) {
        return (float) (0.5 * x * (1.0 + erf(x / Math.sqrt(2.0))));
    }

    /**
     * erf with fractional error below 1.2e-7 everywhere (Chebyshev fit of erfc, Numerical Recipes §6.2),
     * ample for float32; Java's Math has no erf.
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
