package org.attentionlens.ui.lecture;

/**
 * A presenter's note or arrow pinned on one stage. Coordinates are fractions (0 … 1) of the stage area's width
 * and height, so a note stays on the same spot in a window and in full screen.
 *
 * @param x     where the note sits, or where the arrow starts
 * @param text  the note's text (an arrow's optional label)
 * @param arrow where the arrow points, or null for a note
 */
public record Annotation(LectureStage stage, double x, double y, String text, Arrow arrow) {

    public record Arrow(double toX, double toY) {
    }

    public Annotation {
        if (stage == null) throw new IllegalArgumentException("an annotation needs a stage");
        text = text == null ? "" : text;
        x = clamp(x);
        y = clamp(y);
        if (arrow != null) arrow = new Arrow(clamp(arrow.toX()), clamp(arrow.toY()));
    }

    public static Annotation note(LectureStage stage, double x, double y, String text) {
        return new Annotation(stage, x, y, text, null);
    }

    public static Annotation arrow(LectureStage stage, double x, double y, double toX, double toY) {
        return new Annotation(stage, x, y, "", new Arrow(toX, toY));
    }

    public boolean isArrow() {
        return arrow != null;
    }

    private static double clamp(double v) {
        if (Double.isNaN(v)) throw new IllegalArgumentException("annotation position is not a number");
        return Math.max(0, Math.min(1, v));
    }
}
