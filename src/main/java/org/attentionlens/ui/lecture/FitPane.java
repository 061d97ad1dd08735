package org.attentionlens.ui.lecture;

import javafx.scene.Node;
import javafx.scene.layout.Pane;
import javafx.scene.transform.Scale;

/**
 * Holds one slide and shrinks it to fit instead of scrolling: in a lecture everything on the stage must be
 * visible at once. A slide narrower than the pane is stretched to its width so its strips fill the room.
 */
final class FitPane extends Pane {
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
        double cw = Math.max(w, content.prefWidth(-1));
        double ch = content.prefHeight(cw);
        double s = Math.min(1, Math.min(w / cw, h / ch));
        if (!(s > 0)) s = 1;
        if (s < 1) {
            // Shrunk slides may use the extra width the shrinking freed.
            cw = Math.max(content.prefWidth(-1), w / s);
            ch = content.prefHeight(cw);
            s = Math.min(1, Math.min(w / cw, h / ch));
        }
        scale.setX(s);
        scale.setY(s);
        content.resizeRelocate(snappedLeftInset(), snappedTopInset(), cw, ch);
    }
}
