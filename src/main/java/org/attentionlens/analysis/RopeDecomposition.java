package org.attentionlens.analysis;

import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RopeSpec;

/**
 * One score of a rotary head taken apart by frequency (Su et al. 2021). RoPE turns pair p of q_i by the angle i·ω_p
 * and the same pair of k_j by j·ω_p, so the dot product is a sum over pairs, each the pair's content turned by the
 * distance alone: q_i·k_j = Σ_p (R((i − j)·ω_p) q^p)·k^p + Σ over the dimensions that do not turn (partial rotary).
 * Fast pairs (large ω, a wavelength 2π/ω of a few tokens) swing with every step of distance, so what they add says
 * where a key is; slow pairs barely turn over a text, so what they add says what it is. Which pairs carry a score
 * shows whether a head matches by position or by meaning.
 * <p>Everything comes from the pass's own rotated q_i and k_j: each pair's term is their product, so the terms add up
 * to the pass's q·k exactly (in double). q and k before rotation are those turned back by −i·ω and −j·ω with the
 * very cos and sin the pass used ({@link RopeSpec#angles}); they equal the pass's own pre-RoPE values to float
 * rounding (a test checks them against the tap).
 * <p>Legend: Dh head width, r rotary dimensions (≤ Dh), P = r/2 pairs, p a pair; i query position, j key position;
 * pair p is dimensions (p, p + r/2) (Llama, NeoX) or (2p, 2p + 1) (interleaved, GPT-J).
 *
 * @param query           i
 * @param key             j
 * @param rope            the layer's rotary embedding
 * @param frequencies     (P) ω_p as the pass used them (after scaling; longrope's long factors past its context)
 * @param queryAngles     (P) i·ω_p in radians, the float product the pass took
 * @param keyAngles       (P) j·ω_p
 * @param qBefore         (Dh) q_i before rotation (after any QK-norm); equal to qAfter beyond the first r dims
 * @param kBefore         (Dh) k_j before rotation
 * @param qAfter          (Dh) q_i as the scores read it
 * @param kAfter          (Dh) k_j as the scores read it
 * @param pairs           (P) scale · (q_i^p · k_j^p) after rotation: pair p's share of the score
 * @param aligned         (P) what pair p would add with both at one position (distance 0): scale · (q^p · k^p)
 *                        before rotation, times the attention factor squared
 * @param rest            scale · the dot product over the Dh − r dimensions that do not turn (0 for full rotary)
 * @param scale           the attention scale (1/√Dh, or the model's own)
 * @param softcap         the model's score soft-cap, or 0
 * @param score           the score the softmax reads: Σ pairs + rest, soft-capped where the model caps
 */
public record RopeDecomposition(int query, int key, RopeSpec rope, float[] frequencies, float[] queryAngles,
                                float[] keyAngles, float[] qBefore, float[] kBefore, float[] qAfter, float[] kAfter,
                                double[] pairs, double[] aligned, double rest, double scale, float softcap,
                                double score) {

    /** The cell (i, j) of head (layer, head) of a trace; null when the layer has no rotary embedding. */
    public static RopeDecomposition of(AttentionTrace trace, int layer, int head, int i, int j) {
        return of(trace.config(), layer, trace.query(layer, head, i), trace.key(layer, head, j), i, j, trace.length());
    }

    /**
     * From a rotated q_i and k_j (Dh each) of a layer, in a sequence of sequenceLength positions (which only
     * longrope reads); null when the layer has no rotary embedding.
     */
    public static RopeDecomposition of(ModelSpec c, int layer, float[] q, float[] k, int i, int j, int sequenceLength) {
        RopeSpec rope = c.attention().rope(layer);
        if (rope == null) return null;
        int Dh = q.length, P = rope.pairs();
        double scale = c.attention().scale();
        float[] w = rope.frequenciesFor(sequenceLength);
        float[] qc = new float[P], qs = new float[P], kc = new float[P], ks = new float[P]; // (P) each
        rope.angles(i, 1, sequenceLength, qc, qs);
        rope.angles(j, 1, sequenceLength, kc, ks);
        float[] qBefore = q.clone(), kBefore = k.clone(), qa = new float[P], ka = new float[P];
        double[] pairs = new double[P], aligned = new double[P];
        double factor = (double) rope.attentionFactor() * rope.attentionFactor();
        for (int p = 0; p < P; p++) {
            int a = first(rope, p), b = second(rope, p);
            qa[p] = (float) i * w[p];
            ka[p] = (float) j * w[p];
            unrotate(q, qBefore, a, b, qc[p], qs[p]);
            unrotate(k, kBefore, a, b, kc[p], ks[p]);
            pairs[p] = scale * ((double) q[a] * k[a] + (double) q[b] * k[b]);
            aligned[p] = scale * factor * ((double) qBefore[a] * kBefore[a] + (double) qBefore[b] * kBefore[b]);
        }
        double rest = 0;
        for (int d = rope.rotary(); d < Dh; d++) rest += (double) q[d] * k[d];
        rest *= scale;
        double sum = rest;
        for (double x : pairs) sum += x;
        float cap = c.attention().softcap();
        double score = cap > 0 ? cap * Math.tanh(sum / cap) : sum;
        return new RopeDecomposition(i, j, rope, w.clone(), qa, ka, qBefore, kBefore, q.clone(), k.clone(), pairs,
                aligned, rest, scale, cap, score);
    }

    /** The first dimension of pair p. */
    public static int first(RopeSpec rope, int p) {
        return rope.interleaved() ? 2 * p : p;
    }

    /** The second dimension of pair p. */
    public static int second(RopeSpec rope, int p) {
        return rope.interleaved() ? 2 * p + 1 : p + rope.pairs();
    }

    /**
     * Turns pair (a, b) of x back: the pass wrote x'_a = x_a·c − x_b·s, x'_b = x_b·c + x_a·s (c, s the float cos and
     * sin times the attention factor), so x = (R⁻¹ x') exactly in double, then rounded to float.
     */
    private static void unrotate(float[] rotated, float[] out, int a, int b, float c, float s) {
        double det = (double) c * c + (double) s * s;
        out[a] = (float) (((double) rotated[a] * c + (double) rotated[b] * s) / det);
        out[b] = (float) (((double) rotated[b] * c - (double) rotated[a] * s) / det);
    }

    /** P: pairs that turn. */
    public int pairCount() {
        return pairs.length;
    }

    /** Σ pairs + rest: the scaled q·k before any soft-cap. */
    public double sum() {
        double s = rest;
        for (double x : pairs) s += x;
        return s;
    }

    /** i − j: the distance every pair's turn depends on. */
    public int distance() {
        return query - key;
    }

    /** (i − j)·ω_p: the angle between the key's and the query's turn of pair p, in radians. */
    public double relativeAngle(int p) {
        return (double) distance() * frequencies[p];
    }

    /** 2π/ω_p: how many positions pair p takes to turn once. */
    public double wavelength(int p) {
        return 2 * Math.PI / frequencies[p];
    }

    /** ω_p before any scaling (the plain θ^(−2p/r)), to compare with {@link #frequencies()}. */
    public float baseFrequency(int p) {
        return rope.baseFrequencies()[p];
    }

    /** Whether dimension d of a head turns (partial rotary leaves the dimensions from r on as they are). */
    public boolean rotates(int d) {
        return d < rope.rotary();
    }

    /**
     * The share of the score from pairs that turn at least once over a text of T positions (wavelength &lt; T: they
     * place keys), against the slower ones (they barely turn: they match content). Returns {fast, slow}.
     */
    public double[] fastAndSlow(int T) {
        double fast = 0, slow = 0;
        for (int p = 0; p < pairs.length; p++) {
            if (wavelength(p) < T) fast += pairs[p];
            else slow += pairs[p];
        }
        return new double[]{fast, slow};
    }
}
