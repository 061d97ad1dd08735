package org.attentionlens.ui.input;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of the current pass as chips: pieces of one word sit joined in one group (WordPiece "##ing",
 * BPE pieces without a leading space), the id and raw vocabulary entry on hover, and a click selects the
 * token as the query everywhere (Ctrl+click adds it to the selected rows, whose mean the views show). The selected
 * query and key are marked. Shows up to three whole rows of chips and scrolls for more.
 */
public final class TokenStrip extends ScrollPane {
    private final AppState state;
    private final FlowPane flow = new FlowPane(6, 4);
    private final List<Label> chips = new ArrayList<>();

    public TokenStrip(AppState state) {
        this.state = state;
        getStyleClass().add("token-strip");
        flow.setPadding(new Insets(4, 6, 4, 6));
        setContent(flow);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        state.traceProperty().addListener((o, a, b) -> rebuild());
        state.queriesProperty().addListener((o, a, b) -> mark());
        state.keyProperty().addListener((o, a, b) -> mark());
        flow.heightProperty().addListener((o, a, b) -> fitRows()); // new chips, wider window, presentation mode
        setPrefViewportHeight(0);
        rebuild();
    }

    /** Scrolls so token i's chip is visible (find). */
    public void reveal(int i) {
        if (i < 0 || i >= chips.size()) return;
        Label chip = chips.get(i);
        double y = chip.localToScene(0, 0).getY() - flow.localToScene(0, 0).getY();
        double extra = flow.getHeight() - getViewportBounds().getHeight();
        if (extra > 0) setVvalue(Math.max(0, Math.min(1, (y - getViewportBounds().getHeight() / 3) / extra)));
    }

    /**
     * As tall as the chips need up to three rows, always whole rows: a row cut in half reads as a broken token.
     * One row is a chip's height plus the flow's gap.
     */
    private void fitRows() {
        if (chips.isEmpty()) {
            setPrefViewportHeight(0);
            return;
        }
        double row = chips.get(0).prefHeight(-1) + flow.getVgap();
        double pad = flow.getPadding().getTop() + flow.getPadding().getBottom();
        int rows = (int) Math.max(1, Math.round((flow.getHeight() - pad + flow.getVgap()) / row));
        setPrefViewportHeight(Math.min(rows, 3) * row - flow.getVgap() + pad);
    }

    /** The chips in token order (tests click them). */
    public List<Label> chips() {
        return chips;
    }

    private void rebuild() {
        flow.getChildren().clear();
        chips.clear();
        AttentionTrace t = state.trace();
        LoadedModel m = state.model();
        if (t == null || m == null) return;
        Tokens tokens = t.tokens();
        HBox word = null; // pieces of one word share a group; a single-piece word sits in the flow itself
        for (int i = 0; i < tokens.size(); i++) {
            Label chip = chip(tokens, i, m);
            chips.add(chip);
            boolean joined = i > 0 && continues(tokens, i), nextJoins = i + 1 < tokens.size() && continues(tokens, i + 1);
            if (joined) {
                chip.getStyleClass().add("joined");
                word.getChildren().add(chip);
            } else if (nextJoins) {
                word = new HBox(chip);
                word.getStyleClass().add("token-word");
                flow.getChildren().add(word);
            } else {
                flow.getChildren().add(chip);
            }
        }
        mark();
    }

    /** A piece continues the previous word when it starts right where that one ended and brings no space. */
    static boolean continues(Tokens t, int i) {
        boolean special = t.start()[i] == t.end()[i], prevSpecial = t.start()[i - 1] == t.end()[i - 1];
        return !special && !prevSpecial && t.start()[i] == t.end()[i - 1] && !t.display()[i].startsWith("␣");
    }

    private Label chip(Tokens tokens, int i, LoadedModel m) {
        String text = tokens.display()[i];
        Label chip = new Label(text.isEmpty() ? "∅" : text);
        chip.getStyleClass().add("token-chip");
        if (tokens.start()[i] == tokens.end()[i]) chip.getStyleClass().add("special");
        int id = tokens.ids()[i];
        // tooltips are popup windows: made on first hover, not 512 at a time
        chip.setOnMouseEntered(e -> {
            if (chip.getTooltip() == null)
                chip.setTooltip(new Tooltip("token " + i + " · id " + id + " · vocabulary entry “" + m.tokenizer().rawToken(id) + "”"
                        + (tokens.start()[i] < tokens.end()[i] ? " · characters " + tokens.start()[i] + "–" + tokens.end()[i] : "")
                        + "\nClick: make it the query (row) in every view · Ctrl+click: add it to the selected rows"));
        });
        chip.setOnMouseClicked(e -> {
            if (e.isShortcutDown()) state.toggleQuery(i);
            else state.selectQuery(i);
        });
        return chip;
    }

    private void mark() {
        List<Integer> rows = state.queries();
        for (int i = 0; i < chips.size(); i++) {
            Label c = chips.get(i);
            c.getStyleClass().removeAll("query", "key");
            if (i == state.query() || rows.contains(i)) c.getStyleClass().add("query");
            else if (i == state.key()) c.getStyleClass().add("key");
        }
    }
}
