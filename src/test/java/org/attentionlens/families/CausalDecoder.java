package org.attentionlens.families;

import java.util.List;

/**
 * The shared core of the causal decoders (llama, mistral, qwen2, qwen3, olmo2, gemma, gemma2, gemma3_text, phi3,
 * gpt_neox, stablelm, gpt2). Each family's description ({@code *Ref}) turns its config and tensors into a {@link Spec}:
 * separate q/k/v projections (fused ones already sliced), the norm kind and where the norms sit, the MLP shape,
 * RoPE and window per layer, scales and soft caps. This class only runs that spec.
 * Letters: T tokens, D hidden, H query heads, K key/value heads, E head dim, F MLP width, V vocabulary, P positions.
 */
final class CausalDecoder {
    private CausalDecoder() {
    }

    enum NormKind { RMS, RMS_ONE_PLUS, LAYER }

    /**
     * Where the norms sit in a layer. PRE: h += attn(n1(h)); h += mlp(n3(h)). SANDWICH (Gemma 2/3):
     * h += n2(attn(n1(h))); h += n4(mlp(n3(h))). POST (OLMo 2): h += n2(attn(h)); h += n4(mlp(h)).
     * PARALLEL (GPT-NeoX, StableLM use_parallel_residual): h += attn(n1(h)) + mlp(n3(h)).
     */
    enum Placement { PRE, SANDWICH, POST, PARALLEL }

    /** Query/key norms: none; per head over E (Qwen 3, Gemma 3); over the whole projection (OLMo 2). */
    enum QkNorm { NONE, PER_HEAD, WHOLE }

    /** A norm's weight (D) and bias (D, LayerNorm only, else null). */
    record Norm(double[] w, double[] b) {
    }

    /**
     * One layer. Projections are nn.Linear (out, in); biases may be null. gate is null for a plain MLP
     * (down(act(up·x + b)) + b) and set for a gated one (down(act(gate·x) · up·x)).
     * n1..n4: pre-attention, post-attention, pre-MLP, post-MLP norms, null where the placement has none.
     */
    record Layer(double[] wq, double[] bq, double[] wk, double[] bk, double[] wv, double[] bv, double[] wo, double[] bo,
                 double[] qNorm, double[] kNorm, Norm n1, Norm n2, Norm n3, Norm n4,
                 double[] gate, double[] up, double[] upBias, double[] down, double[] downBias, int width,
                 Rope rope /* null: no RoPE */, int window /* 0: full causal attention */) {
    }

    /**
     * A whole model. embed (V, D) is multiplied by embedScale; positions (P, D) are learned absolute position
     * embeddings or null; head (V, D) maps the final hidden state to logits.
     */
    record Spec(int hidden, int heads, int kvHeads, int headDim, NormKind normKind, double eps, Placement placement,
                QkNorm qkNorm, String act, double[] embed, double embedScale, double[] positions, List<Layer> layers,
                Norm finalNorm, double[] head, int vocab, double attnScale, double attnSoftcap, double finalSoftcap) {
    }

    static Reference run(Spec s, int[] ids) {
        int t = ids.length, d = s.hidden();
        double[][] h = RefMath.gather(s.embed(), d, ids);  // (T, D)
        for (int i = 0; i < t; i++) {
            for (int x = 0; x < d; x++) {
                h[i][x] *= s.embedScale();
                if (s.positions() != null) h[i][x] += s.positions()[i * d + x];
            }
        }
        double[][][][] attentions = new double[s.layers().size()][][][];  // (L, H, T, T)
        for (int l = 0; l < s.layers().size(); l++) {
            Layer layer = s.layers().get(l);
            RefMath.Attention a;
            switch (s.placement()) {
                case PRE -> {
                    a = attention(s, layer, norm(s, h, layer.n1()));
                    h = RefMath.add(h, a.out());
                    h = RefMath.add(h, mlp(s, layer, norm(s, h, layer.n3())));
                }
                case SANDWICH -> {
                    a = attention(s, layer, norm(s, h, layer.n1()));
                    h = RefMath.add(h, norm(s, a.out(), layer.n2()));
                    h = RefMath.add(h, norm(s, mlp(s, layer, norm(s, h, layer.n3())), layer.n4()));
                }
                case POST -> {
                    a = attention(s, layer, h);
                    h = RefMath.add(h, norm(s, a.out(), layer.n2()));
                    h = RefMath.add(h, norm(s, mlp(s, layer, h), layer.n4()));
                }
                case PARALLEL -> {
                    a = attention(s, layer, norm(s, h, layer.n1()));
                    double[][] m = mlp(s, layer, norm(s, h, layer.n3()));
                    h = RefMath.add(RefMath.add(h, a.out()), m);
                }
                default -> throw new IllegalStateException();
            }
            attentions[l] = a.weights();
        }
        double[][] hidden = norm(s, h, s.finalNorm());                   // (T, D)
        double[] logits = RefMath.matVec(s.head(), hidden[t - 1], s.vocab());  // (V)
        if (!Double.isNaN(s.finalSoftcap())) for (int v = 0; v < logits.length; v++) logits[v] = RefMath.softcap(logits[v], s.finalSoftcap());
        return new Reference(attentions, hidden[t - 1].clone(), logits, hidden);
    }

    /** The self-attention block → out (T, D) after the output projection, weights (H, T, T). */
    private static RefMath.Attention attention(Spec s, Layer l, double[][] x) {
        int hq = s.heads(), hk = s.kvHeads(), e = s.headDim();
        double[][] q = RefMath.linear(x, l.wq(), l.bq(), hq * e);  // (T, H·E)
        double[][] k = RefMath.linear(x, l.wk(), l.bk(), hk * e);  // (T, K·E)
        double[][] v = RefMath.linear(x, l.wv(), l.bv(), hk * e);  // (T, K·E)
        boolean onePlus = s.normKind() == NormKind.RMS_ONE_PLUS;
        for (int t = 0; t < x.length; t++) {
            switch (s.qkNorm()) {
                case WHOLE -> {
                    RefMath.rmsNorm(q[t], 0, hq * e, l.qNorm(), s.eps(), onePlus);
                    RefMath.rmsNorm(k[t], 0, hk * e, l.kNorm(), s.eps(), onePlus);
                }
                case PER_HEAD -> {
                    for (int h = 0; h < hq; h++) RefMath.rmsNorm(q[t], h * e, e, l.qNorm(), s.eps(), onePlus);
                    for (int h = 0; h < hk; h++) RefMath.rmsNorm(k[t], h * e, e, l.kNorm(), s.eps(), onePlus);
                }
                case NONE -> { }
            }
            if (l.rope() != null) {  // positions 0 … T−1, as HF's default position_ids
                l.rope().apply(q[t], hq, e, t);
                l.rope().apply(k[t], hk, e, t);
            }
        }
        RefMath.Mask mask = l.window() > 0 ? RefMath.Mask.sliding(l.window()) : RefMath.Mask.CAUSAL;
        RefMath.Attention a = RefMath.attend(q, k, v, hq, hk, e, s.attnScale(), s.attnSoftcap(), mask);
        return new RefMath.Attention(RefMath.linear(a.out(), l.wo(), l.bo(), s.hidden()), a.weights());
    }

    /** The MLP → (T, D). */
    private static double[][] mlp(Spec s, Layer l, double[][] x) {
        double[][] u = RefMath.linear(x, l.up(), l.upBias(), l.width());  // (T, F)
        double[][] g = l.gate() == null ? null : RefMath.linear(x, l.gate(), null, l.width());
        for (int t = 0; t < u.length; t++) {
            for (int f = 0; f < l.width(); f++) {
                u[t][f] = g == null ? RefMath.act(s.act(), u[t][f]) : RefMath.act(s.act(), g[t][f]) * u[t][f];
            }
        }
        return RefMath.linear(u, l.down(), l.downBias(), s.hidden());
    }

    /** A norm of every row → (T, D). */
    private static double[][] norm(Spec s, double[][] x, Norm n) {
        if (s.normKind() == NormKind.LAYER) return RefMath.layerNorm(x, n.w(), n.b(), s.eps());
        double[][] y = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            y[t] = x[t].clone();
            RefMath.rmsNorm(y[t], 0, y[t].length, n.w(), s.eps(), s.normKind() == NormKind.RMS_ONE_PLUS);
        }
        return y;
    }
}
