package org.attentionlens.ui.lines;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.image.WritableImage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.HeadColors;
import org.attentionlens.viz.LineRaster;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.figure.Figure;
import org.attentionlens.viz.figure.LinesFigure;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The line view's state (BertViz's head view): the weights of the selected head, or of every head of the layer,
 * and a picture of all their lines drawn once off the FX thread for the view's geometry. Hover then only draws
 * the hovered row's lines on top, so it costs the same at 8 or 512 tokens. Work runs only while the view is shown.
 */
public final class LinesViewModel {
    /** Lines fainter than this opacity are not drawn: at long texts most of the T² lines are invisible anyway. */
    static final double MIN_ALPHA = 2.0 / 255;
    /** Lines of the highlighted rows lighter than this weight are not drawn. */
    static final float MIN_WEIGHT = 0.01f;

    /** The weights drawn: heads (layer, heads[k]) with weights[k] (T, T) and colours[k] 0xRRGGBB. */
    public record Lines(AttentionTrace trace, int layer, int[] heads, float[][] weights, int[] colours) {
        public int T() {
            return trace.length();
        }
    }

    /**
     * Where the lines go: queries on the left at x = left, keys on the right at x = right, row i centred at
     * top + (i + 0.5) · rowHeight, over a picture width × height; one head's lines in singleRgb (the theme's accent).
     */
    public record Geometry(int width, int height, double left, double right, double top, double rowHeight,
                           int singleRgb) {
        double y(int row) {
            return top + (row + 0.5) * rowHeight;
        }
    }

    /** Every row's lines at the faint opacity of unselected rows, for a geometry; image (height, width). */
    public record Picture(Lines lines, Geometry geometry, WritableImage image) {
    }

    private final AppState state;
    private final BooleanProperty allHeads = new SimpleBooleanProperty(this, "allHeads");
    private final ReadOnlyObjectWrapper<Lines> lines = new ReadOnlyObjectWrapper<>(this, "lines");
    private final ReadOnlyObjectWrapper<Picture> picture = new ReadOnlyObjectWrapper<>(this, "picture");
    private final BackgroundTask<Lines> weights;
    private final BackgroundTask<Picture> drawing;
    private Geometry geometry;
    private boolean active, stale = true;

    public LinesViewModel(AppState state) {
        this.state = state;
        this.weights = new BackgroundTask<>(state.executor());
        this.drawing = new BackgroundTask<>(state.executor());
        allHeads.addListener((o, a, b) -> refresh());
        state.traceProperty().addListener((o, a, b) -> refresh());
        state.layerProperty().addListener((o, a, b) -> refresh());
        state.headProperty().addListener((o, a, b) -> {
            if (!allHeads.get()) refresh();
        });
        lines.addListener((o, a, b) -> draw());
    }

    /** Draw every head of the selected layer, each in its own colour. */
    public BooleanProperty allHeadsProperty() {
        return allHeads;
    }

    /** The weights drawn; null when there is no trace. */
    public ReadOnlyObjectProperty<Lines> linesProperty() {
        return lines.getReadOnlyProperty();
    }

    /** The faint lines of every row for the last geometry; null until drawn. */
    public ReadOnlyObjectProperty<Picture> pictureProperty() {
        return picture.getReadOnlyProperty();
    }

    public AppState state() {
        return state;
    }

    /** Whether the view is on screen; while it is not, new traces only mark it stale. */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) refresh();
    }

    /** The view's size changed: the picture is drawn again for it. */
    public void layout(Geometry g) {
        if (g.equals(geometry)) return;
        geometry = g;
        draw();
    }

    /** Opacity of the line from a row that is not highlighted, for weight v at T tokens. */
    static double faint(float v, int T) {
        return Math.min(1, v * 0.22 / Math.max(1, Math.sqrt(T / 16.0)));
    }

    private void refresh() {
        stale = !active;
        AttentionTrace t = state.trace();
        if (stale || t == null) {
            weights.cancel();
            drawing.cancel();
            // Lines of an older trace are dropped, not kept for a tab out of sight: they hold that trace and its
            // model, whose weights must be released when the user opens another model.
            if (t == null || lines.get() != null && lines.get().trace() != t) {
                lines.set(null);
                picture.set(null);
            }
            return;
        }
        int l = state.layer(), H = t.config().heads();
        int[] heads = allHeads.get() ? IntStream.range(0, H).toArray() : new int[]{state.head()};
        weights.run(ctx -> {
            float[][] w = new float[heads.length][];
            int[] colours = new int[heads.length];
            for (int k = 0; k < heads.length; k++) {
                w[k] = t.head(l, heads[k]).weights();
                colours[k] = heads.length > 1 ? HeadColors.argb(heads[k], H) & 0xffffff : -1;
            }
            return new Lines(t, l, heads, w, colours);
        }, lines::set);
    }

    private void draw() {
        Lines ls = lines.get();
        Geometry g = geometry;
        if (ls == null || g == null || !active) return;
        drawing.run(ctx -> new Picture(ls, g, picture(ls, g, ctx)), picture::set);
    }

    /** The lines as a vector figure for papers: the rows given highlighted, the rest faint as on screen. Any thread. */
    public static Figure figure(Lines ls, List<Integer> rows) {
        List<LinesFigure.Head> heads = new java.util.ArrayList<>();
        for (int k = 0; k < ls.heads().length; k++)
            heads.add(new LinesFigure.Head("H" + ls.heads()[k], ls.weights()[k],
                    ls.colours()[k] < 0 ? 0xd81b73 : ls.colours()[k]));
        String title = String.format(java.util.Locale.ROOT, "%s · layer %d · %s", ls.trace().config().id(), ls.layer(),
                ls.heads().length > 1 ? "all heads" : "head " + ls.heads()[0]);
        return LinesFigure.of(title, ls.trace().tokens().display(), heads, rows);
    }

    /** Faint lines of every row; lines whose opacity would be below MIN_ALPHA are skipped. Any thread. */
    static WritableImage picture(Lines ls, Geometry g, BackgroundTask.Context ctx) {
        LineRaster raster = new LineRaster(g.width(), g.height());
        int T = ls.T();
        for (int k = 0; k < ls.heads().length; k++) {
            float[] a = ls.weights()[k]; // (T, T)
            int rgb = ls.colours()[k] < 0 ? g.singleRgb() : ls.colours()[k];
            for (int i = 0; i < T; i++) {
                if (ctx.isCancelled()) return null;
                for (int j = 0; j < T; j++) {
                    double alpha = faint(a[i * T + j], T);
                    if (alpha >= MIN_ALPHA) raster.line(g.left(), g.y(i), g.right(), g.y(j), rgb, alpha);
                }
            }
        }
        return MatrixRaster.toImage(raster.argb(), g.width(), g.height());
    }
}
