package org.attentionlens.viz;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Square matrices to pixels: one pixel per cell (views scale the image up without smoothing) or, for
 * thumbnails of long texts, block maxima so a sharp one-cell pattern survives downsampling.
 * Legend: T rows and columns; S side of a downsampled image. Row i = query, column j = key.
 */
public final class MatrixRaster {
    /** Masked (future) cells: a neutral grey the views hatch over. */
    public static final int MASKED_ARGB = 0xff9a9a9a;

    private MatrixRaster() {
    }

    /** values (T, T) to ARGB (T, T); cells j &gt; i are drawn as masked when causal. */
    public static int[] rasterize(float[] values, int T, boolean causal, ValueScale scale) {
        int[] argb = new int[T * T]; // (T, T)
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++)
                argb[i * T + j] = causal && j > i ? MASKED_ARGB : scale.argb(values[i * T + j]);
        return argb;
    }

    /** (T, T) to (S, S) with S = min(T, side): each pixel the largest value of its block of cells. */
    public static float[] downsampleMax(float[] values, int T, int side) {
        if (T <= side) return values;
        float[] out = new float[side * side]; // (S, S)
        java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
        int[] block = new int[T]; // (T) which output row/column each input row/column falls in
        for (int i = 0; i < T; i++) block[i] = (int) ((long) i * side / T);
        for (int i = 0; i < T; i++) {
            int row = block[i] * side;
            for (int j = 0; j < T; j++) {
                float v = values[i * T + j];
                int o = row + block[j];
                if (v > out[o]) out[o] = v;
            }
        }
        return out;
    }

    /** The largest |value| over cells that are not masked. */
    public static double maxAbs(float[] values, int T, boolean causal) {
        double m = 0;
        for (int i = 0; i < T; i++)
            for (int j = 0, end = causal ? i + 1 : T; j < end; j++) m = Math.max(m, Math.abs(values[i * T + j]));
        return m;
    }

    /** The largest value over cells that are not masked (contributions are never negative). */
    public static double max(float[] values, int T, boolean causal) {
        double m = 0;
        for (int i = 0; i < T; i++)
            for (int j = 0, end = causal ? i + 1 : T; j < end; j++) m = Math.max(m, values[i * T + j]);
        return m;
    }

    /** ARGB (w, h) into a new image; safe off the FX thread while the image is not shown. */
    public static WritableImage toImage(int[] argb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return img;
    }
}
