package org.attentionlens.ui.lecture;

import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.transform.Scale;

/**
 * Holds one slide and scales it to fill the room instead of scrolling: in a lecture everything on the stage must be
 * visible at once, and on a large screen (a full-screen lecture, a projector) it should be as large as the screen
 * allows. The slide is laid out at the pane's size divided by the scale, so it uses the whole area at any scale.
 */
final class FitPane extends Pane {
    /** Slides grow up to this factor on a large screen; beyond it numbers only get wider, not more readable. */
    private static final double MAX_SCALE = 2.2;

    private final Scale scale = new Scale(1, 1, 0, 0);
    private Node content;

    FitPane() {
        getStyleClass().add("fit-pane");
        setMinSize(0, 0);
    }

    void setContent(Node node) {
        if (content != null) content.getTransforms().remove(scale);
        content = node;
        getChildren().setAll(node);
        node.getTransforms().add(scale);
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        if (content == null) return;
        double w = getWidth() - snappedLeftInset() - snappedRightInset();
        double h = getHeight() - snappedTopInset() - snappedBottomInset();
        double pw = content.prefWidth(-1), ph = content.prefHeight(pw);
        double s = Math.min(MAX_SCALE, Math.min(w / pw, h / ph));
        if (!(s > 0)) s = 1;
        if (s < 1) {
            // A shrunk slide may use the width the shrinking freed, which can let it shrink less.
            double cw = Math.max(pw, w / s);
            s = Math.min(1, Math.min(w / cw, h / content.prefHeight(cw)));
        }
        scale.setX(s);
        scale.setY(s);
        content.resizeRelocate(snappedLeftInset(), snappedTopInset(), w / s, Math.max(ph, h / s));
    }
}
