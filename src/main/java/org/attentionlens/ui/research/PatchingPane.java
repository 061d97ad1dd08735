package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;

/**
 * Activation patching: the corrupted prompt and the two tokens on top, then the restored share per head and per
 * layer × position side by side on a diverging scale (orange restores the clean answer, blue pushes away from it).
 */
final class PatchingPane extends VBox {
    private final PatchingViewModel vm;
    private final GridChart heads = new GridChart(), residual = new GridChart();
    private final Label summary = new Label();

    PatchingPane(PatchingViewModel vm) {
        super(6);
        this.vm = vm;
        TextField corrupted = new TextField();
        corrupted.setId("corrupted-prompt");
        corrupted.setPromptText("The text with a word changed, as many tokens long (the clean prompt is the text above)");
        corrupted.textProperty().bindBidirectional(vm.corruptedProperty());
        HBox.setHgrow(corrupted, Priority.ALWAYS);
        TextField target = new TextField(), versus = new TextField();
        target.setPromptText("answer: the clean prediction");
        versus.setPromptText("versus: the corrupted prediction");
        target.textProperty().bindBidirectional(vm.targetProperty());
        versus.textProperty().bindBidirectional(vm.versusProperty());
        Button byHead = new Button("Patch each head"), byPosition = new Button("Patch the stream at each layer × position");
        byHead.setId("patch-heads");
        byPosition.setId("patch-residual");
        byHead.setTooltip(Research.tip("One corrupted pass per head, with that head's clean output at every position."));
        byPosition.setTooltip(Research.tip("One corrupted pass per layer and position, with the clean residual stream "
                + "after that layer at that position."));
        byHead.setOnAction(e -> vm.patchHeads());
        byPosition.setOnAction(e -> vm.patchResidual());
        HBox prompts = new HBox(8, new Label("Corrupted"), corrupted);
        prompts.setAlignment(Pos.CENTER_LEFT);
        HBox tokens = new HBox(8, new Label("Logit of"), target, new Label("minus"), versus, byHead, byPosition);
        tokens.setAlignment(Pos.CENTER_LEFT);
        summary.setWrapText(true);
        GridPane grids = new GridPane();
        grids.setHgap(12);
        grids.addRow(0, titled("Each head (layers × heads)", heads), titled("The residual stream (layers × positions)", residual));
        javafx.scene.layout.ColumnConstraints narrow = new javafx.scene.layout.ColumnConstraints(), wide = new javafx.scene.layout.ColumnConstraints();
        narrow.setPercentWidth(38);
        wide.setPercentWidth(62);
        grids.getColumnConstraints().addAll(narrow, wide);
        javafx.scene.layout.RowConstraints tall = new javafx.scene.layout.RowConstraints();
        tall.setVgrow(Priority.ALWAYS);
        grids.getRowConstraints().add(tall);
        getChildren().addAll(Research.header(vm, "Activation patching (Meng et al. 2022; Wang et al. 2022): run a "
                + "corrupted prompt, but with one activation taken from the clean run (the text above), and measure how "
                + "much of the clean answer's logit difference comes back: 1 all of it, 0 none."), prompts, tokens,
                summary, grids);
        VBox.setVgrow(grids, Priority.ALWAYS);
        vm.headsProperty().addListener((o, a, g) -> show(heads, g));
        vm.residualProperty().addListener((o, a, g) -> show(residual, g));
        show(heads, null);
        show(residual, null);
    }

    private static VBox titled(String title, GridChart chart) {
        Label t = new Label(title);
        t.getStyleClass().add("section-title");
        VBox box = new VBox(2, t, chart);
        VBox.setVgrow(chart, Priority.ALWAYS);
        return box;
    }

    GridChart heads() {
        return heads;
    }

    GridChart residual() {
        return residual;
    }

    private void show(GridChart chart, PatchingViewModel.Grid g) {
        if (g == null) {
            chart.showHint(chart == heads ? "Press “Patch each head”." : "Press “Patch the stream…”.");
            return;
        }
        int L = g.shares().length;
        String[] rows = new String[L];
        double max = 1;
        for (int l = 0; l < L; l++) {
            rows[l] = "L" + l;
            for (double x : g.shares()[l]) max = Math.max(max, Math.abs(x));
        }
        chart.show(new GridChart.Data(g.shares(), rows, g.columns(), g.positions(), ValueScale.diverging(max),
                g.positions() ? null : Research.numbers(g.shares()), null,
                (l, c) -> String.format(Locale.ROOT, "%s: restores %s of the margin", g.positions()
                        ? "stream after layer " + l + " at position " + c + " “" + g.columns()[c] + "”" : "head " + l + "." + c,
                        Numbers.compact(g.shares()[l][c])), "restored share"));
        summary.setText(String.format(Locale.ROOT, "logit(%s) − logit(%s): clean %s, corrupted %s.", g.target(), g.versus(),
                Numbers.compact(g.cleanDiff()), Numbers.compact(g.corruptedDiff())));
    }
}
