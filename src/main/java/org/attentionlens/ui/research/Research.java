package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/** Parts every research pane has: what the method is (and its paper), progress with Cancel, and the error line. */
final class Research {
    private Research() {
    }

    /** A tooltip that wraps, shows quickly and stays long enough to read a definition. */
    static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(480);
        t.setShowDelay(Duration.millis(250));
        t.setShowDuration(Duration.seconds(60));
        return t;
    }

    /** The pane's description, its progress bar and Cancel while it computes, and why it failed when it did. */
    static VBox header(ResearchViewModel vm, String description) {
        Label about = new Label(description);
        about.setWrapText(true);
        about.getStyleClass().add("research-about");
        about.setMinHeight(Region.USE_PREF_SIZE);
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(160);
        bar.progressProperty().bind(vm.progressProperty());
        Label doing = new Label();
        doing.textProperty().bind(vm.activityProperty());
        doing.getStyleClass().add("muted");
        Button cancel = new Button("Cancel");
        cancel.setTooltip(tip("Stop this computation; what was shown before stays cleared."));
        cancel.setOnAction(e -> vm.cancel());
        HBox busy = new HBox(8, bar, cancel, doing);
        busy.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(doing, Priority.ALWAYS);
        busy.visibleProperty().bind(vm.runningProperty());
        busy.managedProperty().bind(vm.runningProperty());
        Label error = new Label();
        error.getStyleClass().add("message");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());
        return new VBox(4, about, busy, error);
    }

    /** (R)(C) each value with two decimals, for cells big enough to print them in. */
    static String[][] numbers(double[][] values) {
        String[][] out = new String[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = new String[values[r].length];
            for (int c = 0; c < values[r].length; c++)
                out[r][c] = Double.isNaN(values[r][c]) ? "" : String.format(java.util.Locale.ROOT, "%.2f", values[r][c]).replace('-', '−');
        }
        return out;
    }
}
