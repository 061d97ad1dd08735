package org.attentionlens.ui.decode;

import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import org.attentionlens.model.DecodeStep;

import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The text so far: the prompt's tokens (click: the cache after the prefill), then one button per generated token.
 * Up to four whole rows show at once (never a row cut in half); more scroll, the newest kept in view.
 */
final class TokenTimeline extends ScrollPane {
    private final FlowPane flow = new FlowPane(3, 3);
    private final ToggleGroup group = new ToggleGroup();
    private final IntConsumer onShow;

    TokenTimeline(IntConsumer onShow) {
        this.onShow = onShow;
        getStyleClass().add("token-timeline");
        setContent(flow);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        flow.heightProperty().addListener((o, a, b) -> fitRows());
    }

    private void fitRows() {
        if (flow.getChildren().isEmpty()) return;
        double row = flow.getChildren().get(flow.getChildren().size() - 1).prefHeight(-1) + flow.getVgap();
        int rows = (int) Math.max(1, Math.round((flow.getHeight() + flow.getVgap()) / row));
        setPrefViewportHeight(Math.min(rows, 4) * row - flow.getVgap());
        setMinViewportHeight(getPrefViewportHeight());
    }

    /** Generated-token buttons, oldest first (tests click them). */
    List<ToggleButton> stepButtons() {
        return flow.getChildren().stream().filter(n -> n instanceof ToggleButton t && t.getUserData() != null)
                .map(n -> (ToggleButton) n).toList();
    }

    void show(List<String> prompt, List<DecodeStep> steps, int shown) {
        flow.getChildren().clear();
        group.getToggles().clear();
        if (prompt.isEmpty()) {
            Label hint = new Label("Generated tokens appear here. Click one to see that step again.");
            hint.getStyleClass().add("muted");
            flow.getChildren().add(hint);
            return;
        }
        ToggleButton promptButton = new ToggleButton(String.join("", prompt.stream().map(NextTokenBars::visible).toList()));
        promptButton.getStyleClass().add("timeline-prompt");
        promptButton.setToggleGroup(group);
        promptButton.setTooltip(new Tooltip("The prompt: " + prompt.size() + " tokens run in one pass (the prefill). "
                + "Click to see the cache right after it."));
        promptButton.setOnAction(e -> onShow.accept(-1));
        promptButton.setSelected(shown == -1);
        flow.getChildren().add(promptButton);
        for (DecodeStep s : steps) {
            ToggleButton b = new ToggleButton(NextTokenBars.visible(s.token()));
            b.getStyleClass().add("timeline-token");
            b.setUserData(s.index());
            b.setToggleGroup(group);
            b.setSelected(s.index() == shown);
            b.setTooltip(new Tooltip(String.format(Locale.ROOT, "Step %d: “%s” at position %d, p = %.3f. Click to show "
                    + "this step again.", s.index() + 1, s.token(), s.position(), s.chosen().p())));
            b.setOnAction(e -> onShow.accept(s.index()));
            flow.getChildren().add(b);
        }
        // keep the newest token in view
        setVvalue(shown == steps.size() - 1 ? 1 : getVvalue());
    }
}
