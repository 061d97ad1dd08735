package org.attentionlens.sampling;

/** Logits to probabilities, in double so that tails and KL divergences stay accurate. Legend: V vocabulary. */
public final class Probabilities {
    private Probabilities() {
    }

    /** (V) softmax(logits), temperature 1. */
    public static double[] softmax(float[] logits) {
        double[] p = new double[logits.length];
        softmax(logits, 1, p);
        return p;
    }

    /** p (V) = softmax(logits / temperature), the row max subtracted first. temperature &gt; 0. */
    public static void softmax(float[] logits, double temperature, double[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
    }
}
