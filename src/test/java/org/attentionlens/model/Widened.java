package org.attentionlens.model;

import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tensor.Table;

import java.util.ArrayList;
import java.util.List;

/** A float32 copy of a model's weights holding the same values (for tests of 16-bit storage). */
final class Widened {
    private Widened() {
    }

    static ModelWeights of(ModelWeights w, Kernels kn) {
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights l : w.layers()) {
            AttentionWeights a = l.attention();
            MlpWeights m = l.mlp();
            layers.add(new LayerWeights(l.attentionNorm(), new AttentionWeights(f32(a.wq(), kn), a.bq(), f32(a.wk(), kn),
                    a.bk(), f32(a.wv(), kn), a.bv(), a.qNorm(), a.kNorm(), f32(a.wo(), kn), a.bo()),
                    l.attentionOutputNorm(), l.mlpNorm(), new MlpWeights(f32(m.gate(), kn), m.bGate(), f32(m.up(), kn),
                    m.bUp(), f32(m.down(), kn), m.bDown()), l.mlpOutputNorm()));
        }
        return new ModelWeights(f32(w.tokenEmbedding()), f32(w.positionEmbedding()), w.typeEmbedding(),
                w.embeddingNorm(), layers, w.finalNorm(), f32(w.lmHead()));
    }

    private static Matrix f32(Matrix m, Kernels kn) {
        return m == null ? null : kn.pack(m.toRowMajor(), m.rows(), m.cols());
    }

    private static Table f32(Table t) {
        if (t == null) return null;
        float[] a = new float[t.rows() * t.cols()];
        for (int r = 0; r < t.rows(); r++) t.row(r, a, r * t.cols());
        return Table.of(a, t.rows(), t.cols());
    }
}
