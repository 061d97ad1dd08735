package org.attentionlens.ui.heads;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.Ablation;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.ui.state.AppState;

/** Switch the selected head off and re-run: the next-token distribution before and after, and every head's |Δα|. */
final class AblationPane extends VBox {
    private final HeadTableViewModel vm;
    private final Button ablate = new Button();
    private final GridPane shift = new GridPane();
    private final Label shiftTitle = new Label(), changeTitle = new Label();
    private final HeadGridView change = new HeadGridView();

    AblationPane(HeadTableViewModel vm) {
        super(8);
        this.vm = vm;
        ablate.setId("ablate");
        ablate.setTooltip(Tips.of("Switch the selected head's output (its Σ α v before W_O) off and run the text again: "
                + "see what the next-token distribution and the later heads' attention lose without it."));
        ablate.setOnAction(e -> vm.ablateSelected());
        ChoiceBox<Ablation.Mode> mode = new ChoiceBox<>();
        mode.setId("ablation-mode");
        mode.getItems().setAll(Ablation.Mode.values());
        mode.valueProperty().bindBidirectional(vm.ablationModeProperty());
        mode.setTooltip(Tips.of("ZERO: the head's output set to 0. MEAN: set to its mean over the text's positions, so "
                + "it keeps writing its average and only what it adds at each position is removed."));
        HBox controls = new HBox(8, ablate, mode);
        for (Label l : new Label[]{shiftTitle, changeTitle}) {
            l.getStyleClass().add("section-title");
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        shift.setHgap(12);
        shift.setVgap(2);
        VBox left = new VBox(6, shiftTitle, shift);
        VBox right = new VBox(6, changeTitle, change);
        VBox.setVgrow(change, Priority.ALWAYS);
        HBox results = new HBox(18, left, right);
        HBox.setHgrow(right, Priority.ALWAYS);
        getChildren().addAll(controls, results);
        VBox.setVgrow(results, Priority.ALWAYS);
        setPadding(new Insets(6));
        AppState s = vm.state();
        s.layerProperty().addListener(o -> updateButton());
        s.headProperty().addListener(o -> updateButton());
        vm.ablationProperty().addListener((o, a, x) -> show(x));
        updateButton();
        show(null);
    }

    HeadGridView grid() {
        return change;
    }

    private void updateButton() {
        ablate.setText(HeadTableFormat.ablateButton(vm.state().layer(), vm.state().head()));
    }

    private void show(Ablation a) {
        shift.getChildren().clear();
        if (a == null) {
            shiftTitle.setText("Next-token distribution before and after");
            changeTitle.setText("Mean |Δα| in every head");
            change.show(new double[0][], -1, -1, "");
            Label hint = new Label("Select a head (click a row) and press the button above.");
            hint.getStyleClass().add("muted");
            shift.add(hint, 0, 0);
            return;
        }
        int[] off = a.mask().heads().get(0);
        changeTitle.setText(HeadTableFormat.changeTitle(a));
        change.show(a.attentionChange(), off[0], off[1], "mean |Δα|");
        shiftTitle.setText(HeadTableFormat.shiftTitle(a));
        if (a.nextToken() == null) return;
        Tokenizer tok = vm.state().model().tokenizer();
        String[] head = {"token", "before", "after", "Δp"};
        for (int c = 0; c < head.length; c++) {
            Label l = new Label(head[c]);
            l.getStyleClass().add("shift-header");
            shift.add(l, c, 0);
        }
        int r = 1;
        for (Ablation.TokenShift t : a.nextToken().top()) {
            double dp = t.pAfter() - t.pBefore();
            Label delta = new Label(HeadTableFormat.delta(dp));
            delta.getStyleClass().add(dp > 0 ? "up" : dp < 0 ? "down" : "same");
            shift.addRow(r++, new Label(tok.displayToken(t.id())), number(t.pBefore()), number(t.pAfter()), delta);
        }
    }

    private static Label number(double p) {
        Label l = new Label(HeadTableFormat.probability(p));
        l.getStyleClass().add("number");
        return l;
    }
}
