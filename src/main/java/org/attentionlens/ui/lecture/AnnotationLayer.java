package org.attentionlens.ui.lecture;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;

/**
 * The presenter's layer over a stage: with the note tool a click pins a text bubble (type, then Enter), with the
 * arrow tool a drag draws an arrow. A right-click on a note or arrow removes it. Positions are stored in the
 * view model as fractions of this layer's size.
 */
final class AnnotationLayer extends Pane {
    enum Tool {NONE, NOTE, ARROW}

    private final LectureViewModel vm;
    private final ObjectProperty<Tool> tool = new SimpleObjectProperty<>(this, "tool", Tool.NONE);
    private double startX, startY;
    private Group preview;
    private TextField editor;
    // Strong references for the weak registrations on the view model, which may outlive this layer.
    private final ListChangeListener<Annotation> onNotes = c -> redraw();
    private final InvalidationListener onStage = o -> {
        cancelEditor();
        redraw();
    };

    AnnotationLayer(LectureViewModel vm) {
        this.vm = vm;
        getStyleClass().add("annotation-layer");
        setPickOnBounds(false);
        tool.addListener((o, a, b) -> {
            setPickOnBounds(b != Tool.NONE);
            setCursor(b == Tool.NONE ? null : javafx.scene.Cursor.CROSSHAIR);
            cancelEditor();
        });
        vm.annotations().addListener(new WeakListChangeListener<>(onNotes));
        vm.stageProperty().addListener(new WeakInvalidationListener(onStage));
        widthProperty().addListener(o -> redraw());
        heightProperty().addListener(o -> redraw());
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    }

    ObjectProperty<Tool> toolProperty() {
        return tool;
    }

    private void pressed(MouseEvent e) {
        if (tool.get() == Tool.NONE || e.getButton() != MouseButton.PRIMARY || e.getTarget() instanceof TextField) return;
        startX = e.getX();
        startY = e.getY();
        if (tool.get() == Tool.NOTE) openEditor(startX, startY);
        e.consume();
    }

    private void dragged(MouseEvent e) {
        if (tool.get() != Tool.ARROW || e.getButton() != MouseButton.PRIMARY) return;
        getChildren().remove(preview);
        preview = arrow(startX, startY, e.getX(), e.getY());
        getChildren().add(preview);
        e.consume();
    }

    private void released(MouseEvent e) {
        if (tool.get() != Tool.ARROW || e.getButton() != MouseButton.PRIMARY) return;
        getChildren().remove(preview);
        preview = null;
        if (Math.hypot(e.getX() - startX, e.getY() - startY) > 12 && getWidth() > 0 && getHeight() > 0)
            vm.addAnnotation(Annotation.arrow(vm.getStage(), startX / getWidth(), startY / getHeight(),
                    e.getX() / getWidth(), e.getY() / getHeight()));
        e.consume();
    }

    private void openEditor(double x, double y) {
        cancelEditor();
        TextField field = new TextField();
        field.setId("note-editor");
        field.setPromptText("note, then Enter");
        field.getStyleClass().add("note-editor");
        field.relocate(x, y);
        field.setOnAction(a -> {
            String text = field.getText().strip();
            cancelEditor();
            if (!text.isEmpty() && getWidth() > 0 && getHeight() > 0)
                vm.addAnnotation(Annotation.note(vm.getStage(), x / getWidth(), y / getHeight(), text));
        });
        field.setOnKeyPressed(k -> {
            if (k.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                cancelEditor();
                k.consume();
            }
        });
        editor = field;
        getChildren().add(field);
        field.requestFocus();
    }

    private void cancelEditor() {
        if (editor != null) getChildren().remove(editor);
        editor = null;
    }

    private void redraw() {
        getChildren().removeIf(n -> n != editor && n != preview);
        double w = getWidth(), h = getHeight();
        for (Annotation a : vm.annotationsOf(vm.getStage())) {
            javafx.scene.Node node;
            if (a.isArrow()) {
                node = arrow(a.x() * w, a.y() * h, a.arrow().toX() * w, a.arrow().toY() * h);
            } else {
                Label note = new Label(a.text());
                note.getStyleClass().add("lecture-note");
                note.setWrapText(true);
                note.setMaxWidth(Math.max(200, w * 0.3));
                note.relocate(a.x() * w, a.y() * h);
                node = note;
            }
            Tooltip.install(node, new Tooltip("Right-click to remove"));
            node.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.SECONDARY) {
                    vm.removeAnnotation(a);
                    e.consume();
                }
            });
            getChildren().add(0, node);
        }
    }

    private static Group arrow(double x1, double y1, double x2, double y2) {
        Line line = new Line(x1, y1, x2, y2);
        line.getStyleClass().add("lecture-arrow-line");
        double angle = Math.atan2(y2 - y1, x2 - x1), size = 26;
        Polygon head = new Polygon(x2, y2,
                x2 - size * Math.cos(angle - 0.45), y2 - size * Math.sin(angle - 0.45),
                x2 - size * Math.cos(angle + 0.45), y2 - size * Math.sin(angle + 0.45));
        head.getStyleClass().add("lecture-arrow-head");
        Group g = new Group(line, head);
        g.getStyleClass().add("lecture-arrow");
        return g;
    }
}
