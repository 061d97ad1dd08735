package org.attentionlens.train;

import org.attentionlens.model.ModelSpec;
import org.attentionlens.tensor.Kernels;

import static org.attentionlens.train.GptParams.*;

/**
 * One worker's forward and backward pass over B sequences of T tokens: a GPT-2 (pre-LN blocks, tied head)
 * in the order of the diagram, keeping every activation the backward needs.
 * Legend: R = B·T rows, L layers, H heads, D model width, F MLP width, V vocabulary.
 */
final class GptPass {
    private final Kernels kn;
    private final ModelSpec c;
    private final int B, T, R, L, H, D, F, V;
    private final float[][] xIn;     // (L)(R, D) residual entering each block
    private final float[][] ln1;     // (L)(R, D)
    private final float[][] qkv;     // (L)(R, 3D)
    private final float[][] probs;   // (L)(B, H, T, T)
    private final float[][] att;     // (L)(R, D) heads side by side, before c_proj
    private final float[][] xMid;    // (L)(R, D) residual after attention
    private final float[][] ln2;     // (L)(R, D)
    private final float[][] fcPre;   // (L)(R, F) before gelu
    private final float[][] fcAct;   // (L)(R, F) after gelu
    private final float[] xOut;      // (R, D) residual after the last block
    private final float[] lnf;       // (R, D) final hidden states
    private final float[] logits;    // (R, V), turned into dLogits by the backward

    GptPass(Kernels kn, ModelSpec c, int B) {
        this.kn = kn;
        this.c = c;
        this.B = B;
        this.T = c.context();
        this.R = B * T;
        this.L = c.layers();
        this.H = c.heads();
        this.D = c.dModel();
        this.F = c.dFF();
        this.V = c.vocabSize();
        xIn = new float[L][R * D];
        ln1 = new float[L][R * D];
        qkv = new float[L][R * 3 * D];
        probs = new float[L][B * H * T * T];
        att = new float[L][R * D];
        xMid = new float[L][R * D];
        ln2 = new float[L][R * D];
        fcPre = new float[L][R * F];
        fcAct = new float[L][R * F];
        xOut = new float[R * D];
        lnf = new float[R * D];
        logits = new float[R * V];
    }

    int rows() {
        return R;
    }

    /**
     * Runs ids (R) forward. With targets (R), returns the summed cross-entropy and logits() holds the
     * probabilities after; without, returns 0 and logits() holds the logits.
     */
    double forward(GptParams p, int[] ids, int[] targets) {
        Ops.embed(xIn[0], ids, p.value(WTE), p.value(WPE), R, T, D);
        for (int l = 0; l < L; l++) {
            float[] out = l + 1 < L ? xIn[l + 1] : xOut;
            Ops.layerNorm(kn, ln1[l], xIn[l], p.layer(l, LN1_G), p.layer(l, LN1_B), R, D, c.eps());
            Ops.linear(kn, qkv[l], ln1[l], p.layer(l, ATTN_W), p.layer(l, ATTN_B), R, D, 3 * D);
            Ops.attention(kn, att[l], probs[l], qkv[l], B, T, H, c.dHead());
            Ops.linear(kn, xMid[l], att[l], p.layer(l, PROJ_W), p.layer(l, PROJ_B), R, D, D);
            kn.add(xMid[l], xIn[l], R * D);
            Ops.layerNorm(kn, ln2[l], xMid[l], p.layer(l, LN2_G), p.layer(l, LN2_B), R, D, c.eps());
            Ops.linear(kn, fcPre[l], ln2[l], p.layer(l, FC_W), p.layer(l, FC_B), R, D, F);
            Ops.gelu(kn, fcAct[l], fcPre[l], R * F);
            Ops.linear(kn, out, fcAct[l], p.layer(l, FC2_W), p.layer(l, FC2_B), R, F, D);
            kn.add(out, xMid[l], R * D);
        }
        Ops.layerNorm(kn, lnf, xOut, p.value(p.lnfGamma()), p.value(p.lnfBeta()), R, D, c.eps());
        Ops.tiedHead(kn, logits, lnf, Ops.transpose(p.value(WTE), V, D), R, V, D);
        return targets == null ? 0 : Ops.crossEntropy(kn, logits, targets, R, V, 0f, false);
    }

    /** (R, V) the logits (or probabilities, see {@link #forward}) of the last forward. */
    float[] logits() {
        return logits;
    }

    /**
     * Forward and backward; grads (one per parameter) are overwritten with dLoss/dθ where
     * Loss = gradScale · Σ cross-entropy. Returns the summed cross-entropy.
     */
    double forwardBackward(GptParams p, int[] ids, int[] targets, float[][] grads, float gradScale) {
        forward(p, ids, null);
        double loss = Ops.crossEntropy(kn, logits, targets, R, V, gradScale, true);
        int Dh = c.dHead();
        float[] dx = new float[R * D];     // (R, D) gradient of the residual stream
        float[] dNorm = new float[R * D];  // (R, D)
        Ops.tiedHeadBackward(kn, dNorm, grads[WTE], logits, lnf, p.value(WTE), R, V, D);
        Ops.layerNormBackward(dx, grads[p.lnfGamma()], grads[p.lnfBeta()], xOut, p.value(p.lnfGamma()), dNorm, R, D, c.eps());
        float[] dFc = new float[R * F];    // (R, F)
        float[] dAtt = new float[R * D];   // (R, D)
        float[] dQkv = new float[R * 3 * D]; // (R, 3D)
        for (int l = L - 1; l >= 0; l--) {
            // x_out = x_mid + fc2(gelu(fc(ln2(x_mid)))): dx is dx_out and becomes dx_mid
            Ops.linearBackward(kn, dFc, grads[layerIndex(l, FC2_W)], grads[layerIndex(l, FC2_B)], fcAct[l], dx,
                    p.layer(l, FC2_W), R, F, D);
            Ops.geluBackward(dFc, fcPre[l], dFc, R * F);
            Ops.linearBackward(kn, dNorm, grads[layerIndex(l, FC_W)], grads[layerIndex(l, FC_B)], ln2[l], dFc,
                    p.layer(l, FC_W), R, D, F);
            Ops.layerNormBackward(dx, grads[layerIndex(l, LN2_G)], grads[layerIndex(l, LN2_B)], xMid[l],
                    p.layer(l, LN2_G), dNorm, R, D, c.eps());
            // x_mid = x_in + proj(attn(qkv(ln1(x_in)))): dx becomes dx_in
            Ops.linearBackward(kn, dAtt, grads[layerIndex(l, PROJ_W)], grads[layerIndex(l, PROJ_B)], att[l], dx,
                    p.layer(l, PROJ_W), R, D, D);
            Ops.attentionBackward(kn, dQkv, dAtt, qkv[l], probs[l], B, T, H, Dh);
            Ops.linearBackward(kn, dNorm, grads[layerIndex(l, ATTN_W)], grads[layerIndex(l, ATTN_B)], ln1[l], dQkv,
                    p.layer(l, ATTN_W), R, D, 3 * D);
            Ops.layerNormBackward(dx, grads[layerIndex(l, LN1_G)], grads[layerIndex(l, LN1_B)], xIn[l],
                    p.layer(l, LN1_G), dNorm, R, D, c.eps());
        }
        java.util.Arrays.fill(grads[WPE], 0f);
        Ops.embedBackward(grads[WTE], grads[WPE], dx, ids, R, T, D);
        return loss;
    }
}
