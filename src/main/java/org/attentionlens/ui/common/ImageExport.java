package org.attentionlens.ui.common;

import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.transform.Transform;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** PNGs of views: a scaled snapshot (2× for slides) written through ImageIO, without javafx-swing. */
public final class ImageExport {
    private ImageExport() {
    }

    /** A snapshot of node at the given scale. FX thread only. */
    public static WritableImage snapshot(Node node, double scale) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(Transform.scale(scale, scale));
        return node.snapshot(p, null);
    }

    /** Writes an image as PNG. Any thread. */
    public static void writePng(Image image, Path file) throws IOException {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] argb = new int[w * h]; // (h, w)
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        if (!ImageIO.write(out, "png", file.toFile()))
            throw new IOException("no PNG writer available for " + file);
    }
}
