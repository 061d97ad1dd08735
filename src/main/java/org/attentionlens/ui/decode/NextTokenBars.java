package org.attentionlens.ui.decode;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.attentionlens.model.TokenChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ten most likely next tokens as bars of the model's probability, the token drawn marked. */
final class NextTokenBars extends VBox {
    private final Label title = new Label();
    private final GridPane bars = new GridPane();

    NextTokenBars() {
        getStyleClass().add("next-token-bars");
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        bars.setHgap(6);
        bars.setVgap(3);
        getChildren().addAll(title, bars);
        setSpacing(6);
    }

    /** The rows shown, for tests: each "token|p|chosen". */
    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (var n : bars.getChildren())
            if (n.getUserData() instanceof String s) out.add(s);
        return out;
    }

    void show(List<TokenChoice> top, TokenChoice chosen, String heading) {
        title.setText(heading);
        bars.getChildren().clear();
        List<TokenChoice> rows = new ArrayList<>(top);
        if (chosen != null && rows.stream().noneMatch(c -> c.id() == chosen.id())) rows.add(chosen);
        double max = rows.stream().mapToDouble(TokenChoice::p).max().orElse(1);
        for (int r = 0; r < rows.size(); r++) {
            TokenChoice c = rows.get(r);
            boolean picked = chosen != null && c.id() == chosen.id();
            Label token = new Label(visible(c.text()));
            token.getStyleClass().add("bar-token");
            token.setMinWidth(Region.USE_PREF_SIZE);
            Region bar = new Region();
            bar.getStyleClass().addAll("bar", picked ? "chosen" : "other");
            bar.setMaxWidth(Region.USE_PREF_SIZE);
            StackPane track = new StackPane(bar);
            track.getStyleClass().add("bar-track");
            track.setAlignment(Pos.CENTER_LEFT);
            track.setMinWidth(60);
            track.setPrefWidth(160);
            bar.prefWidthProperty().bind(track.widthProperty().multiply(max > 0 ? c.p() / max : 0));
            bar.setPrefHeight(14);
            Label value = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * c.p()) + (picked ? "  ◀ chosen" : ""));
            value.getStyleClass().add(picked ? "bar-chosen" : "bar-value");
            value.setMinWidth(Region.USE_PREF_SIZE);
            Tooltip t = new Tooltip(String.format(Locale.ROOT, "“%s” (id %d)%nmodel probability %.4f%nafter temperature, "
                    + "top-k and top-p: %.4f%s", c.text(), c.id(), c.p(), c.pSampled(),
                    c.pSampled() == 0 ? " (filtered out: cannot be drawn)" : ""));
            for (var n : List.of(token, track, value)) Tooltip.install(n, t);
            token.setUserData(visible(c.text()) + "|" + String.format(Locale.ROOT, "%.6f", c.p()) + "|" + picked);
            bars.addRow(r, token, track, value);
            GridPane.setHgrow(track, Priority.ALWAYS);
        }
    }

    /** Spaces and line breaks made visible, as in the token strip. */
    static String visible(String s) {
        return s.isEmpty() ? "∅" : s.replace(' ', '␣').replace("\n", "↵").replace("\t", "⇥");
    }
}
