package org.attentionlens.viz.figure;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Base64;
import java.util.Locale;

/**
 * A {@link Figure} as SVG 1.1. Small matrices become one rectangle per run of equal cells (editable in a vector
 * program); large ones an embedded PNG drawn without smoothing, so a 512-token matrix stays a small file.
 */
public final class SvgWriter {
    /** Matrices with more cells than this are embedded as a pixel image. */
    static final int MAX_VECTOR_CELLS = 128 * 128;

    private SvgWriter() {
    }

    public static void write(Figure f, Writer out) throws IOException {
        out.write(String.format(Locale.ROOT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.1fpt\" height=\"%.1fpt\" "
                + "viewBox=\"0 0 %.1f %.1f\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n",
                f.width(), f.height(), f.width(), f.height()));
        out.write(String.format(Locale.ROOT, "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#ffffff\"/>%n", f.width(), f.height()));
        for (Figure.Shape s : f.shapes()) {
            if (s instanceof Figure.Rect r) out.write(r.stroke() > 0
                    ? String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\"/>%n",
                    r.x(), r.y(), r.w(), r.h(), hex(r.rgb()), r.stroke())
                    : String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>%n",
                    r.x(), r.y(), r.w(), r.h(), hex(r.rgb())));
            else if (s instanceof Figure.Line l) out.write(String.format(Locale.ROOT,
                    "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-opacity=\"%.3f\" stroke-width=\"%.2f\"/>%n",
                    l.x1(), l.y1(), l.x2(), l.y2(), hex(l.rgb()), l.opacity(), l.width()));
            else if (s instanceof Figure.Text t) out.write(String.format(Locale.ROOT,
                    "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"%s text-anchor=\"%s\" fill=\"%s\"%s>%s</text>%n",
                    t.x(), t.y(), t.size(), t.bold() ? " font-weight=\"bold\"" : "", anchor(t.anchor()), hex(t.rgb()),
                    t.vertical() ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.2f %.2f)\"", t.x(), t.y()) : "",
                    escape(t.text())));
            else if (s instanceof Figure.Cells c) cells(c, out);
        }
        out.write("</svg>\n");
        out.flush();
    }

    private static void cells(Figure.Cells c, Writer out) throws IOException {
        double cw = c.w() / c.cols(), ch = c.h() / c.rows();
        if ((long) c.cols() * c.rows() > MAX_VECTOR_CELLS) {
            out.write(String.format(Locale.ROOT, "<image x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                            + "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" image-rendering=\"optimizeSpeed\" "
                            + "xlink:href=\"data:image/png;base64,%s\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"/>%n",
                    c.x(), c.y(), c.w(), c.h(), Base64.getEncoder().encodeToString(png(c.argb(), c.cols(), c.rows()))));
            return;
        }
        for (int i = 0; i < c.rows(); i++)
            for (int j = 0; j < c.cols(); ) {
                int rgb = c.argb()[i * c.cols() + j] & 0xffffff, k = j + 1;
                while (k < c.cols() && (c.argb()[i * c.cols() + k] & 0xffffff) == rgb) k++;
                // a hair wider than the run, so no seam shows between neighbouring rectangles
                out.write(String.format(Locale.ROOT, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" fill=\"%s\"/>%n",
                        c.x() + j * cw, c.y() + i * ch, (k - j) * cw + 0.05, ch + 0.05, hex(rgb)));
                j = k;
            }
    }

    private static String anchor(Figure.Anchor a) {
        return a == Figure.Anchor.START ? "start" : a == Figure.Anchor.MIDDLE ? "middle" : "end";
    }

    /** argb (rows, cols) as PNG bytes. */
    static byte[] png(int[] argb, int cols, int rows) {
        BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, cols, rows, argb, 0, cols);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (cp < 0x20 && cp != '\t') b.append('·'); // XML 1.0 forbids control characters
                    else b.appendCodePoint(cp);
                }
            }
        });
        return b.toString();
    }
}
