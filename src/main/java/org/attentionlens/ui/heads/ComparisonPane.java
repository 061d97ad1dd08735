package org.attentionlens.ui.heads;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.state.AppState;

import java.util.List;

/** The selected head on the current text and on a second one, side by side. */
final class ComparisonPane extends VBox {
    private final HeadTableViewModel vm;
    private final HeatmapView first = new HeatmapView(), second = new HeatmapView();
    private final Label firstTitle = new Label(), secondTitle = new Label();

    ComparisonPane(HeadTableViewModel vm) {
        super(6);
        this.vm = vm;
        TextField prompt = new TextField();
        prompt.setId("second-prompt");
        prompt.setPromptText("A second text, e.g. the same sentence with one word changed");
        prompt.setTooltip(Tips.of("Runs this text through the same model and shows the selected head on both texts."));
        prompt.textProperty().bindBidirectional(vm.secondPromptProperty());
        Button run = new Button("Compare");
        run.setTooltip(Tips.of("Run the second text (in the background) and show the selected head on both."));
        run.setOnAction(e -> vm.runSecondPrompt());
        prompt.setOnAction(e -> vm.runSecondPrompt());
        HBox bar = new HBox(8, new Label("Second text"), prompt, run, MatrixPanes.hideSinks(vm));
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        GridPane grid = MatrixPanes.columns(List.of(firstTitle, secondTitle), List.of(first, second));
        getChildren().addAll(bar, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        setPadding(new Insets(6));
        AppState s = vm.state();
        for (var p : List.of(s.traceProperty(), s.layerProperty(), s.headProperty(), vm.secondTraceProperty(),
                vm.hideSinksProperty(), vm.activeProperty()))
            p.addListener(o -> show());
        show();
    }

    private void show() {
        AppState s = vm.state();
        AttentionTrace t = s.trace(), t2 = vm.secondTraceProperty().get();
        if (!vm.activeProperty().get()) { // hidden: no head rebuilt on the FX thread, nothing of an old pass kept
            first.showHint("");
            second.showHint("");
            return;
        }
        if (t == null) {
            firstTitle.setText("This text");
            first.showHint(AppState.EMPTY_HINT);
        } else {
            firstTitle.setText(HeadTableFormat.headOnText("This text", s.layer(), s.head()));
            MatrixPanes.weights(first, t.head(s.layer(), s.head()), t.tokens().display(), vm.hiddenColumns(t));
        }
        if (t2 == null) {
            secondTitle.setText("Second text");
            second.showHint("Type a second text above and press Compare.");
        } else {
            secondTitle.setText(HeadTableFormat.headOnText("Second text", s.layer(), s.head()));
            MatrixPanes.weights(second, t2.head(s.layer(), s.head()), t2.tokens().display(), vm.hiddenColumns(t2));
        }
    }
}
