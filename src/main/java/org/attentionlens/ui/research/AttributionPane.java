package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.attribution.DirectLogitAttribution;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;

/**
 * Direct logit attribution as a layers × (heads + MLP) heatmap on a diverging scale (orange pushes the target up,
 * blue pushes it down), with the check that the shares add up to the logit difference and the approximation used.
 */
final class AttributionPane extends VBox {
    private final AttributionViewModel vm;
    private final GridChart grid = new GridChart();
    private final Label check = new Label(), approximation = new Label();

    AttributionPane(AttributionViewModel vm) {
        super(6);
        this.vm = vm;
        TextField target = field("attribution-target", "target: the prediction", vm.targetProperty());
        TextField versus = field("attribution-versus", "versus: the runner-up", vm.versusProperty());
        Button run = new Button("Attribute");
        run.setTooltip(Research.tip("Attribute the difference of these two tokens' logits (Enter does the same)."));
        run.setOnAction(e -> vm.compute());
        HBox bar = new HBox(8, new Label("Logit of"), target, new Label("minus"), versus, run);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(target, Priority.ALWAYS);
        HBox.setHgrow(versus, Priority.ALWAYS);
        for (Label l : new Label[]{check, approximation}) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        check.setId("attribution-check");
        approximation.getStyleClass().add("muted");
        approximation.setText("Approximation: " + DirectLogitAttribution.APPROXIMATION + ".");
        getChildren().addAll(Research.header(vm, "Direct logit attribution: each head's output (and each MLP's) as it "
                + "sits in the residual stream at the last position, read through the final norm and the head: how "
                + "much it alone pushes one token's logit above another's. Orange pushes the target up, blue down."),
                bar, grid, check, approximation);
        VBox.setVgrow(grid, Priority.ALWAYS);
        vm.shownProperty().addListener((o, a, s) -> show(s));
        show(null);
    }

    private TextField field(String id, String prompt, javafx.beans.property.StringProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(p);
        f.setOnAction(e -> vm.compute());
        return f;
    }

    GridChart grid() {
        return grid;
    }

    private void show(AttributionViewModel.Shown s) {
        if (s == null) {
            grid.showHint(vm.errorProperty().get().isEmpty() ? "The attribution appears once a text has been analysed." : "");
            check.setText("");
            return;
        }
        DirectLogitAttribution d = s.attribution();
        int L = d.heads().length, H = d.heads()[0].length;
        double[][] values = new double[L][H + 1];
        String[] rows = new String[L], columns = new String[H + 1];
        double max = 0;
        for (int l = 0; l < L; l++) {
            rows[l] = "L" + l;
            for (int h = 0; h < H; h++) values[l][h] = d.heads()[l][h];
            values[l][H] = d.mlps()[l];
            for (double v : values[l]) max = Math.max(max, Math.abs(v));
        }
        for (int h = 0; h < H; h++) columns[h] = "H" + h;
        columns[H] = "MLP";
        grid.show(new GridChart.Data(values, rows, columns, false, ValueScale.diverging(max), Research.numbers(values), null,
                (l, c) -> String.format(Locale.ROOT, "%s: %s to logit(%s) − logit(%s)", c == H ? "MLP " + l : "head " + l + "." + c,
                        Numbers.compact(values[l][c]), s.target(), s.versus()),
                "share of logit(" + s.target() + ") − logit(" + s.versus() + ")"));
        check.setText(String.format(Locale.ROOT, "Check: heads + MLPs %s + embeddings %s + biases %s = %s; the logit "
                        + "difference%s is %s (off by %s).", Numbers.compact(d.components()), Numbers.compact(d.embedding()),
                Numbers.compact(d.biases()), Numbers.compact(d.sum()), d.capped() ? " before the soft-cap" : "",
                Numbers.compact(d.preCapDiff()), Numbers.compact(Math.abs(d.sum() - d.preCapDiff()))));
    }
}
