package org.attentionlens.ui.grid;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.image.WritableImage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The model view's state: every layer × head's weights as a thumbnail, rendered in parallel off the FX thread from
 * block-max downsampled matrices, only while the view is shown (a trace that arrives meanwhile only marks it
 * stale). Each thumbnail is scaled up by whole pixels per cell, so cells stay crisp squares on screen.
 */
public final class ModelGridViewModel {
    /** Thumbnails are at most this many cells a side; short texts keep one cell per token. */
    public static final int CELLS = 96;
    /** Side in pixels a thumbnail is scaled up towards (whole pixels per cell). */
    public static final int PIXELS = 96;

    /** Every head's thumbnail for one trace: (L)(H). */
    public record Thumbnails(AttentionTrace trace, WritableImage[][] images, double millis) {
        public int layers() {
            return images.length;
        }

        public int heads() {
            return images.length == 0 ? 0 : images[0].length;
        }
    }

    private final AppState state;
    private final BackgroundTask<Thumbnails> render;
    private final ReadOnlyObjectWrapper<Thumbnails> thumbnails = new ReadOnlyObjectWrapper<>(this, "thumbnails");
    private boolean active, stale = true;

    public ModelGridViewModel(AppState state) {
        this.state = state;
        this.render = new BackgroundTask<>(state.executor());
        state.traceProperty().addListener((o, a, b) -> refresh());
    }

    /** The thumbnails of the current trace; null while there is none or they are being drawn. */
    public ReadOnlyObjectProperty<Thumbnails> thumbnailsProperty() {
        return thumbnails.getReadOnlyProperty();
    }

    /** Why the thumbnails could not be drawn; empty when they were. */
    public ReadOnlyStringProperty errorProperty() {
        return render.errorProperty();
    }

    public AppState state() {
        return state;
    }

    /** Whether the view is on screen; while it is not, new traces only mark it stale (no work off screen). */
    public void setActive(boolean on) {
        active = on;
        if (on && stale) refresh();
    }

    /** Opens a head: selects it in the whole app. */
    public void select(int layer, int head) {
        state.selectHead(layer, head);
    }

    /** One head's weights as a thumbnail of at most CELLS cells a side, each cell whole pixels; any thread. */
    public static WritableImage thumbnail(AttentionTrace trace, int layer, int head) {
        HeadMatrices m = trace.head(layer, head);
        int T = m.T(), S = Math.min(T, CELLS), factor = Math.max(1, PIXELS / S);
        float[] small = MatrixRaster.downsampleMax(MatrixRaster.withMasked(m.weights(), T, m::masked), T, CELLS); // (S, S)
        int[] argb = MatrixRaster.upscale(MatrixRaster.rasterize(small, S, ValueScale.weights()), S, S, factor);
        return MatrixRaster.toImage(argb, S * factor, S * factor);
    }

    private void refresh() {
        AttentionTrace trace = state.trace();
        thumbnails.set(null);
        stale = !active;
        if (stale) {
            render.cancel();
            return;
        }
        if (trace == null) return;
        int L = trace.config().layers(), H = trace.config().heads();
        long t0 = System.nanoTime();
        render.run(ctx -> {
            WritableImage[] flat = IntStream.range(0, L * H).parallel()
                    .mapToObj(k -> ctx.isCancelled() ? null : thumbnail(trace, k / H, k % H))
                    .toArray(WritableImage[]::new);
            WritableImage[][] images = new WritableImage[L][H];
            for (int k = 0; k < L * H; k++) images[k / H][k % H] = flat[k];
            return new Thumbnails(trace, images, (System.nanoTime() - t0) / 1e6);
        }, t -> {
            thumbnails.set(t);
            state.reportTiming(String.format(Locale.ROOT, "model view: %d heads at %d tokens drawn in %.0f ms",
                    L * H, trace.length(), t.millis()));
        });
    }
}
