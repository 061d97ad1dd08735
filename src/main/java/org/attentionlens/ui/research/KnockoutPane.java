package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.Ablation;
import org.attentionlens.ui.common.Numbers;

import java.util.Locale;

/**
 * Attention knockout and head ablation: which edge (the selected cell, or typed positions), in which layers and
 * heads; or which head, zeroed or mean-ablated; then the next-token distribution before and after.
 */
final class KnockoutPane extends VBox {
    private final KnockoutViewModel vm;
    private final Label what = new Label();
    private final GridPane table = new GridPane();

    KnockoutPane(KnockoutViewModel vm) {
        super(8);
        this.vm = vm;
        Spinner<Integer> query = spinner(vm.queryProperty(), "knockout-query"), key = spinner(vm.keyProperty(), "knockout-key");
        Spinner<Integer> first = spinner(vm.firstLayerProperty(), "knockout-first"), last = spinner(vm.lastLayerProperty(), "knockout-last");
        CheckBox later = new CheckBox("from every later query");
        later.selectedProperty().bindBidirectional(vm.everyLaterQueryProperty());
        later.setTooltip(Research.tip("Block the key from every query after it (Geva et al.'s “block the subject from "
                + "the last token onwards”), not only from the query above."));
        query.disableProperty().bind(later.selectedProperty());
        CheckBox oneHead = new CheckBox("only in the selected head");
        oneHead.selectedProperty().bindBidirectional(vm.selectedHeadOnlyProperty());
        Button fromCell = new Button("Use the selected cell");
        fromCell.setTooltip(Research.tip("Take the query and key of the cell selected in the Heads tab (or the token strip)."));
        fromCell.setOnAction(e -> vm.useSelectedCell());
        Button knock = new Button("Knock out");
        knock.setId("knock-out");
        knock.setDefaultButton(false);
        knock.setOnAction(e -> vm.knockOut());
        FlowPane edges = new FlowPane(8, 6, new Label("Query"), query, new Label("→ key"), key, later, fromCell,
                new Label("layers"), first, new Label("to"), last, oneHead, knock);
        edges.setAlignment(Pos.CENTER_LEFT);

        ChoiceBox<Ablation.Mode> mode = new ChoiceBox<>();
        mode.getItems().setAll(Ablation.Mode.values());
        mode.valueProperty().bindBidirectional(vm.ablationProperty());
        mode.setTooltip(Research.tip("ZERO: the head's output Σ α v set to 0. MEAN: set to its mean over the text's "
                + "positions, so it keeps writing its average and only what it adds per position is removed."));
        Button ablate = new Button("Ablate the selected head");
        ablate.setId("ablate-head");
        ablate.setOnAction(e -> vm.ablateSelectedHead());
        FlowPane heads = new FlowPane(8, 6, new Label("Or switch the selected head off:"), mode, ablate);
        heads.setAlignment(Pos.CENTER_LEFT);

        what.setWrapText(true);
        what.getStyleClass().add("section-title");
        table.setHgap(14);
        table.setVgap(2);
        getChildren().addAll(Research.header(vm, "Attention knockout (Geva et al. 2023): block attention edges, so the "
                + "query can no longer read that key (its score becomes −∞ and the other keys share its weight), re-run "
                + "the text and see how the next-token distribution changes. Head ablation switches a whole head off."),
                edges, heads, what, table);
        vm.outcomeProperty().addListener((o, a, x) -> show(x));
        vm.state().modelProperty().addListener((o, a, m) -> {
            if (m == null) return;
            for (Spinner<Integer> s : java.util.List.of(first, last))
                ((IntegerSpinnerValueFactory) s.getValueFactory()).setMax(m.config().layers() - 1);
        });
        vm.state().traceProperty().addListener((o, a, t) -> {
            if (t == null) return;
            for (Spinner<Integer> s : java.util.List.of(query, key))
                ((IntegerSpinnerValueFactory) s.getValueFactory()).setMax(t.length() - 1);
        });
        show(null);
    }

    private static Spinner<Integer> spinner(javafx.beans.property.IntegerProperty p, String id) {
        Spinner<Integer> s = new Spinner<>(new IntegerSpinnerValueFactory(0, 4096, p.get()));
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(80);
        s.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) p.set(b);
        });
        p.addListener((o, a, b) -> s.getValueFactory().setValue(b.intValue()));
        return s;
    }

    private void show(KnockoutViewModel.Outcome x) {
        table.getChildren().clear();
        if (x == null) {
            what.setText("Choose an edge and press Knock out, or ablate a head.");
            return;
        }
        what.setText(x.what() + String.format(Locale.ROOT, ": KL(before ‖ after) %s nats, largest |Δp| %s",
                Numbers.compact(x.kl()), Numbers.compact(x.maxDeltaP()))
                + (Double.isNaN(x.blockedWeight()) ? "" : "; the blocked edges held " + Numbers.compact(x.blockedWeight())
                + " of attention (summed over heads and layers)"));
        String[] head = {"next token", "before", "after", "Δp"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("muted");
            table.add(l, c, 0);
        }
        int r = 1;
        for (KnockoutViewModel.TokenRow t : x.top()) {
            double d = t.after() - t.before();
            Label delta = new Label((d > 0 ? "+" : d < 0 ? "−" : "") + Numbers.compact(Math.abs(d)));
            delta.getStyleClass().add(d > 0 ? "up" : d < 0 ? "down" : "same");
            table.addRow(r++, new Label(t.token()), new Label(Numbers.compact(t.before())), new Label(Numbers.compact(t.after())), delta);
        }
    }
}
