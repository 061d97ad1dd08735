package org.attentionlens.viz;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Square matrices to pixels: one pixel per cell (views scale the image up without smoothing) or, for
 * thumbnails of long texts, block maxima so a sharp one-cell pattern survives downsampling. NaN marks a cell
 * that is not shown (masked, or left out of the scale): it is drawn in a neutral grey the views hatch over.
 * Legend: T rows and columns; S side of a downsampled image. Row i = query, column j = key.
 */
public final class MatrixRaster {
    /** Cells not shown (masked, hidden): a neutral grey. */
    public static final int MASKED_ARGB = 0xff9a9a9a;

    /** Which cells a query may not attend to; the trace's own mask ({@code HeadMatrices::masked}), never re-derived. */
    @FunctionalInterface
    public interface CellMask {
        CellMask NONE = (i, j) -> false;

        boolean masked(int i, int j);
    }

    private MatrixRaster() {
    }

    /** A copy of values (T, T) with NaN where mask says a cell is masked. */
    public static float[] withMasked(float[] values, int T, CellMask mask) {
        float[] out = values.clone(); // (T, T)
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) if (mask.masked(i, j)) out[i * T + j] = Float.NaN;
        return out;
    }

    /** values (T, T) to ARGB (T, T); NaN cells grey. */
    public static int[] rasterize(float[] values, int T, ValueScale scale) {
        int[] argb = new int[T * T]; // (T, T)
        for (int k = 0; k < argb.length; k++)
            argb[k] = Float.isNaN(values[k]) ? MASKED_ARGB : scale.argb(values[k]);
        return argb;
    }

    /**
     * (T, T) to (S, S) with S = min(T, side): each pixel the largest value of its block of cells, NaN where every
     * cell of the block is NaN.
     */
    public static float[] downsampleMax(float[] values, int T, int side) {
        if (T <= side) return values;
        float[] out = new float[side * side]; // (S, S)
        java.util.Arrays.fill(out, Float.NaN);
        int[] block = new int[T]; // (T) which output row/column each input row/column falls in
        for (int i = 0; i < T; i++) block[i] = (int) ((long) i * side / T);
        for (int i = 0; i < T; i++) {
            int row = block[i] * side;
            for (int j = 0; j < T; j++) {
                float v = values[i * T + j];
                int o = row + block[j];
                if (v > out[o] || Float.isNaN(out[o]) && !Float.isNaN(v)) out[o] = v;
            }
        }
        return out;
    }

    /** The largest |value| over cells that are shown (not NaN). */
    public static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) if (Math.abs(v) > m) m = Math.abs(v); // NaN compares false
        return m;
    }

    /** The largest value over cells that are shown (contributions are never negative). */
    public static double max(float[] values) {
        double m = 0;
        for (float v : values) if (v > m) m = v;
        return m;
    }

    /** ARGB (w, h) into a new image; safe off the FX thread while the image is not shown. */
    public static WritableImage toImage(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }

    /**
     * ARGB (h, w) scaled up by a whole number of pixels per cell, nearest neighbour: every cell a crisp square
     * however the image is shown (a scaled ImageView may smooth).
     */
    public static int[] upscale(int[] argb, int w, int h, int factor) {
        if (factor <= 1) return argb;
        int W = w * factor;
        int[] out = new int[W * h * factor]; // (h·factor, w·factor)
        for (int y = 0; y < h * factor; y++) {
            int src = (y / factor) * w;
            for (int x = 0; x < W; x++) out[y * W + x] = argb[src + x / factor];
        }
        return out;
    }
}
