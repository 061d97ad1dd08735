package org.attentionlens.viz.figure;

import java.util.ArrayList;
import java.util.List;

/**
 * A picture as vector shapes in points (1/72 inch), for papers: rectangles, lines with an opacity, text, and
 * rasters of crisp cells (a matrix, one colour per cell). {@link SvgWriter} and {@link PdfWriter} write the same
 * figure, so the SVG and the PDF of a view are the same drawing. Colours are 0xRRGGBB (alpha ignored).
 */
public final class Figure {
    public enum Anchor {START, MIDDLE, END}

    public sealed interface Shape permits Rect, Line, Text, Cells {
    }

    /** A filled rectangle, or only its outline when stroke &gt; 0. */
    public record Rect(double x, double y, double w, double h, int rgb, double stroke) implements Shape {
    }

    public record Line(double x1, double y1, double x2, double y2, int rgb, double opacity, double width) implements Shape {
    }

    /** Text at (x, y) on its baseline; vertical text reads bottom to top, turning about (x, y). */
    public record Text(double x, double y, String text, double size, boolean bold, Anchor anchor, boolean vertical,
                       int rgb) implements Shape {
    }

    /** rows × cols cells filling (x, y, w, h); argb (rows, cols). */
    public record Cells(double x, double y, double w, double h, int[] argb, int cols, int rows) implements Shape {
    }

    private final double width, height;
    private final List<Shape> shapes = new ArrayList<>();

    public Figure(double width, double height) {
        this.width = width;
        this.height = height;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public List<Shape> shapes() {
        return List.copyOf(shapes);
    }

    public Figure add(Shape s) {
        shapes.add(s);
        return this;
    }

    /** About how wide text is at a size, for layout (DejaVu/Helvetica average advance ≈ 0.56 em). */
    public static double textWidth(String text, double size) {
        return text.codePointCount(0, text.length()) * size * 0.56;
    }
}
