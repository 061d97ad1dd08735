package org.attentionlens.ui.research;

import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.attentionlens.analysis.compare.TrainingTimeline;

import java.io.File;
import java.util.Locale;

/**
 * A training run's timeline: the best previous-token and induction scores over the checkpoints' steps, with the
 * heads' thresholds, and when each kind of head formed.
 */
final class TimelinePane extends VBox {
    private final TimelineViewModel vm;
    private final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis(0, 1, 0.1));
    private final Label formed = new Label();

    TimelinePane(TimelineViewModel vm) {
        super(6);
        this.vm = vm;
        Button open = new Button("Open a run folder…");
        open.setId("timeline-open");
        open.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("A folder whose subfolders are one run's checkpoints");
            File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) vm.open(dir.toPath());
        });
        Label how = new Label("A run folder holds the run's checkpoints as subfolders, each the trainer's output with its "
                + "trainer_state.json (e.g. copies kept after each train --stop-at).");
        how.setWrapText(true);
        how.getStyleClass().add("muted");
        HBox bar = new HBox(8, open, how);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(how, Priority.ALWAYS);
        chart.getXAxis().setLabel("training step");
        chart.getYAxis().setLabel("score on the probe");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        formed.setWrapText(true);
        formed.setId("timeline-formed");
        getChildren().addAll(Research.header(vm, "When the heads formed: every checkpoint of a run measured on the same "
                + "seeded probe (a random token sequence repeated twice, Olsson et al. 2022): the best previous-token score "
                + "(mean weight on the token before) and the best induction score (mean weight on the token after the "
                + "earlier occurrence)."), bar, chart, formed);
        VBox.setVgrow(chart, Priority.ALWAYS);
        vm.timelineProperty().addListener((o, a, t) -> show(t));
        show(null);
    }

    LineChart<Number, Number> chart() {
        return chart;
    }

    private void show(TrainingTimeline t) {
        chart.getData().clear();
        if (t == null) {
            formed.setText("");
            return;
        }
        XYChart.Series<Number, Number> previous = new XYChart.Series<>(), induction = new XYChart.Series<>();
        previous.setName("best previous-token score");
        induction.setName("best induction score");
        for (TrainingTimeline.Point p : t.points()) {
            previous.getData().add(new XYChart.Data<>(p.step(), best(p.previousToken())));
            induction.getData().add(new XYChart.Data<>(p.step(), best(p.induction())));
        }
        chart.getData().add(previous);
        chart.getData().add(induction);
        formed.setText(say("previous-token", t.previousToken()) + "  " + say("induction", t.induction()));
    }

    private static double best(double[][] s) {
        double b = 0;
        for (double[] row : s) for (double x : row) if (x > b) b = x;
        return b;
    }

    private static String say(String kind, TrainingTimeline.Formed f) {
        return f == null ? "No " + kind + " head stayed above its threshold."
                : String.format(Locale.ROOT, "The %s head %d.%d formed at step %d (≥ %.2f from then on).", kind,
                f.layer(), f.head(), f.step(), f.threshold());
    }
}
