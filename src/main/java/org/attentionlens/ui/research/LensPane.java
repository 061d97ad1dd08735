package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.analysis.lens.LogitLens;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.viz.ColorMap;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;

/**
 * The logit lens as a layers × positions grid: each cell the token the stream there would predict, coloured by its
 * probability (or by a target token's probability or rank); an accent line marks, per position, the first layer
 * from which the final answer stays on top. Hover lists a cell's top tokens.
 */
final class LensPane extends VBox {
    enum Colour {
        TOP_P("top token's probability"), TARGET_P("target's probability"), TARGET_RANK("target's rank (log)");

        final String label;

        Colour(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final LensViewModel vm;
    private final GridChart grid = new GridChart();
    private final ChoiceBox<Colour> colour = new ChoiceBox<>();
    private final Label caption = new Label();

    LensPane(LensViewModel vm) {
        super(6);
        this.vm = vm;
        TextField target = new TextField();
        target.setId("lens-target");
        target.setPromptText("target token, e.g. ␣Paris or id:1234 (optional)");
        target.textProperty().bindBidirectional(vm.targetProperty());
        target.setOnAction(e -> vm.compute());
        Button read = new Button("Read");
        read.setTooltip(Research.tip("Read every layer again with this target (Enter does the same)."));
        read.setOnAction(e -> vm.compute());
        colour.getItems().setAll(Colour.values());
        colour.setValue(Colour.TOP_P);
        colour.setTooltip(Research.tip("What a cell's colour shows."));
        colour.valueProperty().addListener((o, a, b) -> show(vm.shownProperty().get()));
        HBox bar = new HBox(8, new Label("Target"), target, read, new Label("Colour"), colour);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(target, Priority.ALWAYS);
        caption.setWrapText(true);
        caption.getStyleClass().add("muted");
        getChildren().addAll(Research.header(vm, "Logit lens (nostalgebraist 2020): the residual stream after each "
                + "layer, at each position, read through the model's final norm and next-token head, as if that layer "
                + "were the last. Rows: layers (0 at the top); columns: the text's tokens; the bottom row is the "
                + "model's own prediction."), bar, grid, caption);
        VBox.setVgrow(grid, Priority.ALWAYS);
        vm.shownProperty().addListener((o, a, s) -> show(s));
        show(null);
    }

    GridChart grid() {
        return grid;
    }

    private void show(LensViewModel.Shown s) {
        if (s == null) {
            grid.showHint(vm.errorProperty().get().isEmpty() ? "The lens appears once a text has been analysed." : "");
            caption.setText("");
            return;
        }
        LogitLens lens = s.lens();
        int L = lens.layers(), T = lens.positions();
        Colour c = s.target() == null ? Colour.TOP_P : colour.getValue();
        double[][] values = new double[L][T];
        String[][] text = new String[L][T];
        String[] rows = new String[L];
        for (int l = 0; l < L; l++) {
            rows[l] = "L" + l;
            for (int p = 0; p < T; p++) {
                LogitLens.Cell cell = lens.cell(l, p);
                values[l][p] = switch (c) {
                    case TOP_P -> cell.topP()[0];
                    case TARGET_P -> cell.targetP();
                    case TARGET_RANK -> -Math.log10(cell.targetRank());
                };
                text[l][p] = s.top()[l][p][0];
            }
        }
        ValueScale scale = c == Colour.TARGET_RANK ? new ValueScale(-Math.log10(max(lens)), 0, ColorMap.VIRIDIS)
                : new ValueScale(0, 1, ColorMap.VIRIDIS);
        grid.show(new GridChart.Data(values, rows, s.columns(), true, scale, text, lens.firstStableLayer(),
                (l, p) -> hover(s, l, p), c == Colour.TARGET_RANK ? "−log₁₀ rank of " + s.target() + " (0: on top)" : c.label));
        caption.setText(s.target() == null ? "Accent line: from this layer down, the final top token stays on top. Type a "
                + "target to follow one token through the layers."
                : String.format(Locale.ROOT, "Accent line: from this layer down, the final top token stays on top. "
                + "Target %s: probability %s after the last layer at the last position.", s.target(),
                Numbers.compact(lens.cell(L - 1, T - 1).targetP())));
    }

    /** The largest rank the target takes (at least 10, so the scale has room). */
    private static double max(LogitLens lens) {
        double m = 10;
        for (int l = 0; l < lens.layers(); l++)
            for (int p = 0; p < lens.positions(); p++) m = Math.max(m, lens.cell(l, p).targetRank());
        return m;
    }

    private static String hover(LensViewModel.Shown s, int l, int p) {
        LogitLens.Cell cell = s.lens().cell(l, p);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "after layer %d, position %d “%s”:", l, p, s.columns()[p]));
        for (int i = 0; i < cell.topIds().length; i++)
            b.append(String.format(Locale.ROOT, "%n  %s  %s", s.top()[l][p][i], Numbers.compact(cell.topP()[i])));
        if (s.target() != null)
            b.append(String.format(Locale.ROOT, "%ntarget %s: p %s, rank %d", s.target(), Numbers.compact(cell.targetP()),
                    cell.targetRank()));
        if (l == s.lens().firstStableLayer()[p]) b.append("\nfrom here on the final top token stays on top");
        return b.toString();
    }
}
