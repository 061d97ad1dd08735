package org.attentionlens.ui.head;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.ui.common.Numbers;

/**
 * The arithmetic of the selected cell, top to bottom as the head computes it: q_i and k_j, their dot product,
 * the scale, the score, the softmax weight, and the weighted value with its norm after W_O^h.
 */
final class CellDetailsView extends VBox {
    private final Label title = new Label();
    private final VectorStrip q = new VectorStrip(), k = new VectorStrip(), product = new VectorStrip(),
            weighted = new VectorStrip();
    private final Label qRange = muted(), kRange = muted(), productRange = muted(), weightedRange = muted();
    private final Label dot = value(), scale = value(), score = value(), weight = value(), valueNorm = value(),
            contribution = value();
    private final Label scaleName = new Label("× 1/√Dh");
    private final Label note = new Label();

    CellDetailsView(HeadViewModel vm) {
        getStyleClass().add("cell-details");
        setSpacing(6);
        setPadding(new Insets(10));
        setMinWidth(250);
        setPrefWidth(290);
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        note.setWrapText(true);
        note.getStyleClass().add("muted");

        GridPane sums = new GridPane();
        sums.setHgap(10);
        sums.setVgap(3);
        row(sums, 0, new Label("q·k"), dot, "q_i · k_j, the sum of the strip above");
        row(sums, 1, scaleName, scale, "scaling keeps scores moderate as head width grows");
        row(sums, 2, bold("score"), score, "q·k/√Dh, the cell in matrix 1");
        row(sums, 3, bold("softmax α"), weight, "softmax of row i over all keys, the cell in matrix 2");
        row(sums, 4, new Label("‖v_j W_O‖"), valueNorm, "how large key j's value is after this head's output projection");
        row(sums, 5, bold("‖α·v_j W_O‖"), contribution, "what key j actually moves into query i: matrix 3 (Kobayashi et al. 2020)");

        getChildren().addAll(title,
                caption("q_i, the query"), q, qRange,
                caption("k_j, the key"), k, kRange,
                caption("q_i ∘ k_j, per dimension"), product, productRange,
                sums,
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
            return;
        }
        title.setText("query “" + d.queryToken() + "” (" + d.query() + ")  ×  key “" + d.keyToken() + "” (" + d.key() + ")"
                + "\nlayer " + d.layer() + " · head " + d.head());
        q.set(d.q(), VectorStrip.maxAbs(d.q(), d.k()));
        k.set(d.k(), VectorStrip.maxAbs(d.q(), d.k()));
        product.set(d.product(), VectorStrip.maxAbs(d.product()));
        weighted.set(d.weightedValue(), VectorStrip.maxAbs(d.weightedValue()));
        qRange.setText(range(d.q()));
        kRange.setText(range(d.k()));
        productRange.setText(range(d.product()));
        weightedRange.setText(range(d.weightedValue()));
        dot.setText(Numbers.exact(d.dot()));
        scaleName.setText("× 1/√" + d.q().length);
        scale.setText(Numbers.exact(d.scale()));
        score.setText(Numbers.exact(d.score()));
        weight.setText(Numbers.exact(d.weight()));
        valueNorm.setText(Numbers.exact(d.valueNorm()));
        contribution.setText(Numbers.exact(d.contribution()));
        note.setText(d.masked() ? "Masked: query " + d.query() + " may not attend to key " + d.key()
                + " (in a causal model a token sees only itself and earlier tokens); its weight is exactly 0." : "");
    }

    private static String range(float[] v) {
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sq = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sq += (double) x * x;
        }
        return v.length + " dims, " + Numbers.compact(min) + " … " + Numbers.compact(max) + ", norm "
                + Numbers.compact(Math.sqrt(sq));
    }

    private static void row(GridPane g, int r, Label name, Label value, String tip) {
        javafx.scene.control.Tooltip t = new javafx.scene.control.Tooltip(tip);
        name.setTooltip(t);
        value.setTooltip(t);
        g.add(name, 0, r);
        g.add(value, 1, r);
        GridPane.setHgrow(value, Priority.ALWAYS);
    }

    private static Label caption(String s) {
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
