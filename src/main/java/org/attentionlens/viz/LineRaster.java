package org.attentionlens.viz;

/**
 * Antialiased straight lines blended into an ARGB buffer (Xiaolin Wu's algorithm, "over" compositing on a
 * transparent background), so thousands of faint attention lines become one image off the FX thread, drawn once
 * instead of on every hover. Legend: (w, h) the buffer in pixels, row-major.
 */
public final class LineRaster {
    private final int w, h;
    private final int[] px; // (h, w) premultiplied ARGB

    public LineRaster(int w, int h) {
        this.w = w;
        this.h = h;
        px = new int[w * h];
    }

    /** A line from (x0, y0) to (x1, y1) in rgb (0xRRGGBB) at opacity alpha in [0, 1], about one pixel wide. */
    public void line(double x0, double y0, double x1, double y1, int rgb, double alpha) {
        if (alpha <= 0) return;
        float cr = (rgb >> 16 & 0xff) / 255f, cg = (rgb >> 8 & 0xff) / 255f, cb = (rgb & 0xff) / 255f;
        boolean steep = Math.abs(y1 - y0) > Math.abs(x1 - x0);
        if (steep) {
            double t = x0; x0 = y0; y0 = t;
            t = x1; x1 = y1; y1 = t;
        }
        if (x0 > x1) {
            double t = x0; x0 = x1; x1 = t;
            t = y0; y0 = y1; y1 = t;
        }
        double dx = x1 - x0, gradient = dx == 0 ? 1 : (y1 - y0) / dx;
        int start = (int) Math.round(x0), end = (int) Math.round(x1);
        double y = y0 + gradient * (start - x0);
        for (int x = start; x <= end; x++, y += gradient) {
            int yi = (int) Math.floor(y);
            float f = (float) (y - yi);
            if (steep) {
                plot(yi, x, (1 - f) * alpha, cr, cg, cb);
                plot(yi + 1, x, f * alpha, cr, cg, cb);
            } else {
                plot(x, yi, (1 - f) * alpha, cr, cg, cb);
                plot(x, yi + 1, f * alpha, cr, cg, cb);
            }
        }
    }

    private void plot(int x, int y, double coverage, float cr, float cg, float cb) {
        if (x < 0 || y < 0 || x >= w || y >= h || coverage <= 0) return;
        int k = y * w + x, d = px[k];
        float c = (float) Math.min(1, coverage), keep = 1 - c;
        int A = Math.round(255 * c + (d >>> 24) * keep), R = Math.round(255 * cr * c + (d >> 16 & 0xff) * keep),
                G = Math.round(255 * cg * c + (d >> 8 & 0xff) * keep), B = Math.round(255 * cb * c + (d & 0xff) * keep);
        px[k] = A << 24 | R << 16 | G << 8 | B;
    }

    /** The buffer as non-premultiplied ARGB (h, w). */
    public int[] argb() {
        int[] out = new int[w * h];
        for (int k = 0; k < out.length; k++) {
            int d = px[k], A = d >>> 24;
            if (A == 0) continue;
            int R = Math.min(255, (d >> 16 & 0xff) * 255 / A), G = Math.min(255, (d >> 8 & 0xff) * 255 / A),
                    B = Math.min(255, (d & 0xff) * 255 / A);
            out[k] = A << 24 | R << 16 | G << 8 | B;
        }
        return out;
    }
}
