package org.attentionlens.ui.input;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Find a token in a long text: typing jumps to the first token containing the text (it becomes the query, and
 * the token strip scrolls to it); Enter goes to the next match, Shift+Enter back, Esc clears. Ctrl+F focuses it.
 */
public final class TokenFind extends HBox {
    private final AppState state;
    private final IntConsumer reveal;
    private final TextField field = new TextField();
    private final Label count = new Label();
    private List<Integer> matches = List.of();
    private int at = -1;

    /** @param reveal scrolls the token strip to a token */
    public TokenFind(AppState state, IntConsumer reveal) {
        super(4);
        this.state = state;
        this.reveal = reveal;
        setAlignment(Pos.CENTER_LEFT);
        field.setId("token-find");
        field.setPromptText("Find a token (Ctrl+F)");
        field.setPrefColumnCount(12);
        field.setTooltip(new Tooltip("Type part of a token: the first match becomes the query. Enter: next match, "
                + "Shift+Enter: previous, Esc: clear."));
        count.getStyleClass().add("muted");
        count.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(field, count);
        field.textProperty().addListener((o, a, b) -> search());
        state.traceProperty().addListener((o, a, b) -> search());
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                step(e.isShiftDown() ? -1 : 1);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                field.clear();
                e.consume();
            }
        });
    }

    public void focus() {
        field.requestFocus();
        field.selectAll();
    }

    private void search() {
        String q = field.getText().strip().toLowerCase(Locale.ROOT);
        AttentionTrace t = state.trace();
        List<Integer> found = new ArrayList<>();
        if (t != null && !q.isEmpty()) {
            String[] d = t.tokens().display();
            for (int i = 0; i < d.length; i++)
                if (d[i].toLowerCase(Locale.ROOT).replace('␣', ' ').strip().contains(q)) found.add(i);
        }
        matches = List.copyOf(found);
        at = -1;
        if (matches.isEmpty()) count.setText(q.isEmpty() ? "" : "no match");
        else step(1);
    }

    private void step(int delta) {
        if (matches.isEmpty()) return;
        at = Math.floorMod(at + delta, matches.size());
        int i = matches.get(at);
        count.setText((at + 1) + " of " + matches.size());
        state.selectQuery(i);
        reveal.accept(i);
    }
}
