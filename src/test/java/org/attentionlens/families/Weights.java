package org.attentionlens.families;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random tensors by HF name, before rounding to the stored dtype. Matrices follow torch's layout
 * (row-major, nn.Linear weights as (out, in), GPT-2's Conv1D weights as (in, out)).
 * Scales are chosen so that attention logits are of order one: heads get patterns, not uniform rows.
 */
final class Weights {
    private final Random random;
    final Map<String, double[]> values = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new LinkedHashMap<>();

    Weights(long seed) {
        random = new Random(seed);
    }

    void put(String name, double[] v, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        if (n != v.length) throw new IllegalArgumentException(name + ": " + v.length + " values for " + java.util.Arrays.toString(shape));
        if (values.put(name, v) != null) throw new IllegalArgumentException(name + " twice");
        shapes.put(name, shape);
    }

    /** A (rows, cols) matrix with N(0, (gain / sqrt(fanIn))²) entries. */
    void matrix(String name, int rows, int cols, int fanIn, double gain) {
        double std = gain / Math.sqrt(fanIn);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = std * random.nextGaussian();
        put(name, v, rows, cols);
    }

    /** nn.Linear weight (out, in). */
    void linear(String name, int out, int in) {
        matrix(name, out, in, in, 1.6);
    }

    /** An embedding table (rows, D) with N(0, 1) entries. */
    void embedding(String name, int rows, int d) {
        matrix(name, rows, d, 1, 1.0);
    }

    /** A vector center + N(0, spread²): norm weights (center 1, or 0 for Gemma's 1 + w), biases (center 0). */
    void vector(String name, int n, double center, double spread) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = center + spread * random.nextGaussian();
        put(name, v, n);
    }

    void norm(String name, int n) {
        vector(name, n, 1.0, 0.2);
    }

    void bias(String name, int n) {
        vector(name, n, 0.0, 0.2);
    }
}
