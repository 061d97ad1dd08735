package org.attentionlens.train;

import java.util.List;

/**
 * AdamW (Loshchilov & Hutter): Adam moments with bias correction, and weight decay applied to the weights
 * directly (only to the matrices, not to biases or norms). Learning rate: linear warm-up, then a cosine decay
 * to a tenth of the peak.
 */
final class AdamW {
    private final float beta1, beta2, eps, weightDecay;
    final float[][] m, v; // (params)(size) first and second moments, saved with checkpoints

    AdamW(GptParams p, float beta1, float beta2, float eps, float weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = p.newGradients();
        this.v = p.newGradients();
    }

    /** One update at 1-based step t. */
    void step(List<GptParams.Param> params, float[][] grads, float lr, long t) {
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            GptParams.Param p = params.get(i);
            float[] w = p.value(), g = grads[i], mi = m[i], vi = v[i];
            float decay = p.decay() ? lr * weightDecay : 0f;
            for (int j = 0; j < w.length; j++) {
                mi[j] = beta1 * mi[j] + (1 - beta1) * g[j];
                vi[j] = beta2 * vi[j] + (1 - beta2) * g[j] * g[j];
                double mHat = mi[j] / c1, vHat = vi[j] / c2;
                w[j] -= (float) (lr * mHat / (Math.sqrt(vHat) + eps)) + decay * w[j];
            }
        }
    }

    /** Scales grads so their global L2 norm is at most maxNorm; returns the norm before clipping. */
    static double clip(float[][] grads, double maxNorm) {
        double sq = 0;
        for (float[] g : grads) for (float x : g) sq += (double) x * x;
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            float s = (float) (maxNorm / norm);
            for (float[] g : grads) for (int j = 0; j < g.length; j++) g[j] *= s;
        }
        return norm;
    }

    /** Learning rate at 0-based step: peak·(step+1)/warmup, then cosine from peak to peak/10 at the last step. */
    static float schedule(long step, long steps, long warmup, float peak) {
        if (step < warmup) return peak * (step + 1) / warmup;
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, steps - warmup));
        float min = peak / 10;
        return (float) (min + 0.5 * (peak - min) * (1 + Math.cos(Math.PI * progress)));
    }
}
