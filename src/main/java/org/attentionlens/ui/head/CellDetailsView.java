package org.attentionlens.ui.head;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.ui.common.RopeBars;

/**
 * The arithmetic of the selected cell, top to bottom as the head computes it: q_i and k_j, their dot product,
 * the scale (and soft-cap), the score, the softmax weight, and the weighted value with its norm after W_O^h. In a
 * rotary model, then, the score taken apart by frequency pair: q and k before and after their turn, and a bar per
 * pair (see {@link RopeBars}).
 */
final class CellDetailsView extends VBox {
    private final Label title = new Label(), share = muted();
    private final VectorStrip q = new VectorStrip(), k = new VectorStrip(), product = new VectorStrip(),
            weighted = new VectorStrip();
    private final Label qRange = muted(), kRange = muted(), productRange = muted(), weightedRange = muted();
    private final Label dot = value(), scale = value(), beforeCap = value(), score = value(), weight = value(),
            valueNorm = value(), contribution = value();
    private final Label scaleName = new Label("× 1/√Dh"), capName = new Label("s = q·k × scale"),
            scoreName = bold("score");
    private final GridPane sums = new GridPane();
    private final Label note = new Label();
    private final RopeSection rope = new RopeSection();

    CellDetailsView(HeadViewModel vm) {
        getStyleClass().add("cell-details");
        setId("cell-details");
        setSpacing(6);
        setPadding(new Insets(10));
        setMinWidth(250);
        setPrefWidth(290);
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        share.setId("kv-share");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        note.setId("cell-note");

        sums.setHgap(10);
        sums.setVgap(3);
        row(sums, 0, new Label("q·k"), dot, "q_i · k_j, the sum of the strip above");
        row(sums, 1, scaleName, scale, "scaling keeps scores moderate as head width grows");
        row(sums, 2, capName, beforeCap, "q·k × scale, before the soft-cap bends it");
        row(sums, 3, scoreName, score, "the cell in matrix 1: what the softmax reads");
        row(sums, 4, bold("softmax α"), weight, "softmax of row i over all keys, the cell in matrix 2");
        row(sums, 5, new Label("‖v_j W_O‖"), valueNorm, "how large key j's value is after this head's output projection");
        row(sums, 6, bold("‖α·v_j W_O‖"), contribution, "what key j actually moves into query i: matrix 3 (Kobayashi et al. 2020)");

        getChildren().addAll(title, share,
                caption("q_i, the query"), q, qRange,
                caption("k_j, the key"), k, kRange,
                caption("q_i ∘ k_j, per dimension"), product, productRange,
                sums, rope,
                caption("α·v_j, the weighted value"), weighted, weightedRange,
                note);
        vm.detailsProperty().addListener((o, a, b) -> show(b));
        show(vm.detailsProperty().get());
    }

    private void show(CellDetails d) {
        boolean none = d == null;
        for (var n : getChildren()) if (n != title) n.setVisible(!none);
        if (none) {
            title.setText("Pick a cell: click a matrix or a token.");
            rope.show(null);
            return;
        }
        title.setText("query “" + d.queryToken() + "” (" + d.query() + ")  ×  key “" + d.keyToken() + "” (" + d.key() + ")"
                + "\nlayer " + d.layer() + " · head " + d.head());
        share.setText(d.kvShare().isEmpty() ? "" : "This head " + d.kvShare() + ": k_j and v_j are the same for all of them.");
        share.setManaged(!d.kvShare().isEmpty());
        q.set(d.q(), VectorStrip.maxAbs(d.q(), d.k()));
        k.set(d.k(), VectorStrip.maxAbs(d.q(), d.k()));
        product.set(d.product(), VectorStrip.maxAbs(d.product()));
        weighted.set(d.weightedValue(), VectorStrip.maxAbs(d.weightedValue()));
        qRange.setText(VectorStrip.range(d.q()));
        kRange.setText(VectorStrip.range(d.k()));
        productRange.setText(VectorStrip.range(d.product()));
        weightedRange.setText(VectorStrip.range(d.weightedValue()));
        dot.setText(Numbers.exact(d.dot()));
        boolean plainScale = Math.abs(d.scale() - 1 / Math.sqrt(d.q().length)) < 1e-7;
        scaleName.setText(plainScale ? "× 1/√" + d.q().length : "× scale");
        scale.setText(Numbers.exact(d.scale()));
        boolean capped = !Double.isNaN(d.scoreBeforeCap());
        for (Label l : new Label[]{beforeCap, capName}) {
            l.setVisible(capped);
            l.setManaged(capped);
        }
        beforeCap.setText(capped ? Numbers.exact(d.scoreBeforeCap()) : "");
        scoreName.setText(capped ? "capped score" : "score");
        scoreName.getTooltip().setText(capped ? "cap·tanh(s/cap): the cell in matrix 1, what the softmax reads"
                : "the cell in matrix 1: what the softmax reads");
        score.setText(Numbers.exact(d.score()));
        weight.setText(Numbers.exact(d.weight()));
        valueNorm.setText(Numbers.exact(d.valueNorm()));
        contribution.setText(Numbers.exact(d.contribution()));
        note.setText(!d.masked() ? "" : d.outsideWindow()
                ? "Outside the window: key " + d.key() + " is " + (d.query() - d.key()) + " positions back, further than "
                + "this layer's sliding window reaches; its weight is exactly 0."
                : "Masked: query " + d.query() + " may not attend to key " + d.key()
                + " (in a causal model a token sees only itself and earlier tokens); its weight is exactly 0.");
        rope.show(d);
    }

    /** The score by frequency pair: q and k before and after RoPE, which dimensions turn, a bar per pair. */
    private static final class RopeSection extends VBox {
        private final Label heading = CellDetailsView.caption("RoPE: the score by frequency pair"), spec = muted(),
                partial = muted(), summary = muted();
        private final VectorStrip qBefore = new VectorStrip(), qAfter = new VectorStrip(), kBefore = new VectorStrip(),
                kAfter = new VectorStrip();
        private final RopeBars bars = new RopeBars();

        RopeSection() {
            super(4);
            setId("rope-section");
            heading.getStyleClass().add("section-title");
            GridPane strips = new GridPane();
            strips.setHgap(6);
            strips.setVgap(3);
            String[] names = {"q_i before", "q_i after", "k_j before", "k_j after"};
            VectorStrip[] all = {qBefore, qAfter, kBefore, kAfter};
            for (int r = 0; r < all.length; r++) {
                strips.add(CellDetailsView.caption(names[r]), 0, r);
                strips.add(all[r], 1, r);
                GridPane.setHgrow(all[r], Priority.ALWAYS);
            }
            bars.setId("rope-bars");
            Tooltip.install(heading, new Tooltip("RoPE turns each pair of dimensions of q_i by i·ω and of k_j by j·ω, so "
                    + "each pair adds its content turned by (i − j)·ω: fast pairs say where a key is, slow pairs what it is."));
            Label barsCaption = caption("each pair's share of the score (outline: at distance 0)");
            barsCaption.setWrapText(true);
            getChildren().addAll(heading, spec, strips, partial, barsCaption, bars, summary);
        }

        void show(CellDetails d) {
            RopeDecomposition r = d == null ? null : d.rope();
            setVisible(r != null);
            setManaged(r != null);
            bars.show(r, d == null ? 0 : d.tokens());
            if (r == null) return;
            int P = r.pairCount(), Dh = r.qAfter().length, rot = r.rope().rotary();
            spec.setText(r.rope().label() + (r.rope().scaling().equals("default") ? ""
                    : ": filled dots the scaled ω, hollow the base ones") + ". Pairs "
                    + (r.rope().interleaved() ? "(2p, 2p+1)" : "(p, p+" + P + ")") + ", fastest first.");
            double m = VectorStrip.maxAbs(r.qBefore(), r.qAfter(), r.kBefore(), r.kAfter());
            qBefore.set(r.qBefore(), m);
            qAfter.set(r.qAfter(), m);
            kBefore.set(r.kBefore(), m);
            kAfter.set(r.kAfter(), m);
            partial.setText(rot == Dh ? "All " + Dh + " dimensions turn, in " + P + " pairs."
                    : "Dimensions 0–" + (rot - 1) + " turn (" + P + " pairs, partial rotary); " + rot + "–" + (Dh - 1)
                    + " do not and add their plain product " + Numbers.compact(r.rest()) + ".");
            partial.setId("rope-partial");
            double[] fs = r.fastAndSlow(d.tokens());
            summary.setId("rope-summary");
            summary.setText(String.format(java.util.Locale.ROOT,
                    "i − j = %d. Pairs that turn within these %d tokens (shaded) add %s; the slower ones %s; Σ %s = q·k × scale.",
                    r.distance(), d.tokens(), Numbers.compact(fs[0]), Numbers.compact(fs[1]), Numbers.compact(r.sum())));
        }

    }

    private static void row(GridPane g, int r, Label name, Label value, String tip) {
        Tooltip t = new Tooltip(tip);
        name.setTooltip(t);
        value.setTooltip(t);
        g.add(name, 0, r);
        g.add(value, 1, r);
        GridPane.setHgrow(value, Priority.ALWAYS);
    }

    static Label caption(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("caption");
        return l;
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("strong");
        return l;
    }

    private static Label value() {
        Label l = new Label();
        l.getStyleClass().add("number");
        return l;
    }

    private static Label muted() {
        Label l = new Label();
        l.getStyleClass().add("muted");
        l.setWrapText(true);
        return l;
    }
}
