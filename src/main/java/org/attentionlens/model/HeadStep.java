package org.attentionlens.model;

/**
 * What one head did for the one new token of a decode step. Legend: Dh head width, Tk cached positions the
 * new query attended over (including its own). Immutable: array accessors return copies; the element
 * accessors read without copying.
 *
 * @param q          (Dh) the new token's query
 * @param k          (Dh) its key, appended to the cache
 * @param v          (Dh) its value, appended to the cache
 * @param scores     (Tk) q·k_j/√Dh over the cached keys
 * @param weights    (Tk) softmax of the scores
 * @param output     (Dh) Σ_j α_j v_j, the head's output before W_O
 * @param valueNorms (Tk) ‖v_j W_O^h‖ of each cached position (Kobayashi et al. 2020)
 */
public record HeadStep(float[] q, float[] k, float[] v, float[] scores, float[] weights, float[] output,
                       float[] valueNorms) {

    public HeadStep {
        if (scores.length != weights.length || weights.length != valueNorms.length)
            throw new IllegalArgumentException("scores, weights and value norms differ in length");
        q = q.clone();
        k = k.clone();
        v = v.clone();
        scores = scores.clone();
        weights = weights.clone();
        output = output.clone();
        valueNorms = valueNorms.clone();
    }

    /** Tk, the number of cached positions attended over. */
    public int cacheLen() {
        return weights.length;
    }

    public float score(int j) {
        return scores[j];
    }

    public float weight(int j) {
        return weights[j];
    }

    /** ‖α_j v_j W_O^h‖: how much position j's value moves into this head's output. */
    public float contribution(int j) {
        return weights[j] * valueNorms[j];
    }

    @Override
    public float[] q() {
        return q.clone();
    }

    @Override
    public float[] k() {
        return k.clone();
    }

    @Override
    public float[] v() {
        return v.clone();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] output() {
        return output.clone();
    }

    @Override
    public float[] valueNorms() {
        return valueNorms.clone();
    }
}
