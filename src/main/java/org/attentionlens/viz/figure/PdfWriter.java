package org.attentionlens.viz.figure;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Figure} as a one-page PDF (Apache PDFBox): the same drawing as the SVG. Text uses DejaVu Sans or Arial
 * when the system has it (any script, embedded as a subset), else Helvetica, where characters it cannot encode
 * become "?". Large matrices are embedded as images that viewers must not smooth.
 */
public final class PdfWriter {
    private static final List<String> FONTS = List.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf", "C:\\Windows\\Fonts\\arial.ttf",
            "/System/Library/Fonts/Supplemental/Arial.ttf", "/Library/Fonts/Arial.ttf");
    private static final List<String> BOLD_FONTS = List.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf", "C:\\Windows\\Fonts\\arialbd.ttf",
            "/System/Library/Fonts/Supplemental/Arial Bold.ttf", "/Library/Fonts/Arial Bold.ttf");

    private PdfWriter() {
    }

    public static void write(Figure f, OutputStream out) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle((float) f.width(), (float) f.height()));
            doc.addPage(page);
            PDFont regular = font(doc, FONTS, Standard14Fonts.FontName.HELVETICA);
            PDFont bold = font(doc, BOLD_FONTS, Standard14Fonts.FontName.HELVETICA_BOLD);
            float H = (float) f.height();
            try (PDPageContentStream g = new PDPageContentStream(doc, page)) {
                for (Figure.Shape s : f.shapes()) {
                    if (s instanceof Figure.Rect r) rect(g, r, H);
                    else if (s instanceof Figure.Line l) line(g, l, H);
                    else if (s instanceof Figure.Text t) text(g, t, t.bold() ? bold : regular, H);
                    else if (s instanceof Figure.Cells c) cells(doc, g, c, H);
                }
            }
            doc.save(out);
        }
    }

    private static PDFont font(PDDocument doc, List<String> paths, Standard14Fonts.FontName fallback) throws IOException {
        for (String p : paths)
            if (Files.isRegularFile(Path.of(p))) return PDType0Font.load(doc, Path.of(p).toFile());
        return new PDType1Font(fallback);
    }

    private static void colour(PDPageContentStream g, int rgb, boolean stroke) throws IOException {
        float r = (rgb >> 16 & 0xff) / 255f, gr = (rgb >> 8 & 0xff) / 255f, b = (rgb & 0xff) / 255f;
        if (stroke) g.setStrokingColor(r, gr, b);
        else g.setNonStrokingColor(r, gr, b);
    }

    private static void rect(PDPageContentStream g, Figure.Rect r, float H) throws IOException {
        g.addRect((float) r.x(), H - (float) (r.y() + r.h()), (float) r.w(), (float) r.h());
        if (r.stroke() > 0) {
            colour(g, r.rgb(), true);
            g.setLineWidth((float) r.stroke());
            g.stroke();
        } else {
            colour(g, r.rgb(), false);
            g.fill();
        }
    }

    private static void line(PDPageContentStream g, Figure.Line l, float H) throws IOException {
        g.saveGraphicsState();
        PDExtendedGraphicsState alpha = new PDExtendedGraphicsState();
        alpha.setStrokingAlphaConstant((float) l.opacity());
        g.setGraphicsStateParameters(alpha);
        colour(g, l.rgb(), true);
        g.setLineWidth((float) l.width());
        g.moveTo((float) l.x1(), H - (float) l.y1());
        g.lineTo((float) l.x2(), H - (float) l.y2());
        g.stroke();
        g.restoreGraphicsState();
    }

    private static void text(PDPageContentStream g, Figure.Text t, PDFont font, float H) throws IOException {
        String s = encodable(font, t.text());
        float size = (float) t.size(), w = font.getStringWidth(s) / 1000 * size;
        float shift = t.anchor() == Figure.Anchor.START ? 0 : t.anchor() == Figure.Anchor.MIDDLE ? w / 2 : w;
        float x = (float) t.x(), y = H - (float) t.y();
        g.beginText();
        g.setFont(font, size);
        colour(g, t.rgb(), false);
        if (t.vertical()) {
            Matrix m = Matrix.getRotateInstance(Math.PI / 2, x, y);
            m.translate(-shift, 0);
            g.setTextMatrix(m);
        } else g.setTextMatrix(Matrix.getTranslateInstance(x - shift, y));
        g.showText(s);
        g.endText();
    }

    /** The text with every character the font cannot show replaced by "?". */
    private static String encodable(PDFont font, String text) {
        StringBuilder b = new StringBuilder();
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                b.append(c);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static void cells(PDDocument doc, PDPageContentStream g, Figure.Cells c, float H) throws IOException {
        if ((long) c.cols() * c.rows() > SvgWriter.MAX_VECTOR_CELLS) {
            PDImageXObject img = LosslessFactory.createFromImage(doc,
                    ImageIO.read(new ByteArrayInputStream(SvgWriter.png(c.argb(), c.cols(), c.rows()))));
            img.setInterpolate(false);
            g.drawImage(img, (float) c.x(), H - (float) (c.y() + c.h()), (float) c.w(), (float) c.h());
            return;
        }
        double cw = c.w() / c.cols(), ch = c.h() / c.rows();
        for (int i = 0; i < c.rows(); i++)
            for (int j = 0; j < c.cols(); ) {
                int rgb = c.argb()[i * c.cols() + j] & 0xffffff, k = j + 1;
                while (k < c.cols() && (c.argb()[i * c.cols() + k] & 0xffffff) == rgb) k++;
                rect(g, new Figure.Rect(c.x() + j * cw, c.y() + i * ch, (k - j) * cw + 0.05, ch + 0.05, rgb, 0), H);
                j = k;
            }
    }
}
