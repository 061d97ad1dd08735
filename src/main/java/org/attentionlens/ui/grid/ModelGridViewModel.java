package org.attentionlens.ui.grid;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.image.WritableImage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadThumbnails;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.viz.MatrixRaster;
import org.attentionlens.viz.ValueScale;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The model view's state: every layer × head's weights as a thumbnail, coloured off the FX thread from the block
 * maxima the pass shrank them to ({@link HeadThumbnails}: no head is rebuilt, so 512 heads at 2,048 tokens take as
 * long as 512 at 8), only while the view is shown (a trace that arrives meanwhile only marks it stale). Query heads are
 * grouped under the key/value head they share, and windowed layers named. Each thumbnail is scaled up by whole pixels
 * per cell, so cells stay crisp squares on screen. "Hide sinks" leaves the first key out and scales each head to its
 * own largest remaining weight.
 */
public final class ModelGridViewModel {
    /** Side in pixels a thumbnail is scaled up towards (whole pixels per cell). */
    public static final int PIXELS = 96;

    /** Query heads first … first + count − 1 share key/value head kvHead; label "KV 2 · heads 8–11". */
    public record Group(int kvHead, int first, int count, String label) {
    }

    /**
     * Every head's thumbnail for one trace: images (L)(H), the key/value groups (Hkv of them, in head order) and each
     * layer's window legend ("window 4,096", empty for full attention).
     */
    public record Thumbnails(AttentionTrace trace, WritableImage[][] images, List<Group> groups, List<String> windows,
                             boolean sinksHidden, double millis) {
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
    private final BooleanProperty hideSinks = new SimpleBooleanProperty(this, "hideSinks");
    private boolean active, stale = true;

    public ModelGridViewModel(AppState state) {
        this.state = state;
        this.render = new BackgroundTask<>(state.executor());
        state.traceProperty().addListener((o, a, b) -> refresh());
        hideSinks.addListener((o, a, b) -> refresh());
    }

    /** The thumbnails of the current trace; null while there is none or they are being drawn. */
    public ReadOnlyObjectProperty<Thumbnails> thumbnailsProperty() {
        return thumbnails.getReadOnlyProperty();
    }

    /** Why the thumbnails could not be drawn; empty when they were. */
    public ReadOnlyStringProperty errorProperty() {
        return render.errorProperty();
    }

    /** Leave the first key (the sink) out of every thumbnail and scale each head to the rest of its weights. */
    public BooleanProperty hideSinksProperty() {
        return hideSinks;
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

    /**
     * One head's weights as a thumbnail of at most {@link HeadThumbnails#SIDE} cells a side, each cell whole pixels:
     * weights on 0 … 1, or without the first key on 0 … the head's largest other weight. Any thread.
     */
    public static WritableImage thumbnail(AttentionTrace trace, int layer, int head, boolean hideSinks) {
        HeadThumbnails t = trace.thumbnails();
        int S = t.side(), factor = Math.max(1, PIXELS / S);
        float[] small = hideSinks ? t.withoutFirstKey(layer, head) : t.weights(layer, head); // (S, S)
        ValueScale scale = hideSinks ? ValueScale.sequential(Math.max(1e-30, MatrixRaster.max(small))) : ValueScale.weights();
        int[] argb = MatrixRaster.upscale(MatrixRaster.rasterize(small, S, scale), S, S, factor);
        return MatrixRaster.toImage(argb, S * factor, S * factor);
    }

    /** The key/value groups of a model: Hkv of them, each over H/Hkv consecutive query heads. */
    public static List<Group> groups(ModelSpec c) {
        List<Group> out = new ArrayList<>();
        int n = c.attention().groupSize();
        for (int g = 0; g < c.kvHeads(); g++)
            out.add(new Group(g, g * n, n, "KV " + g + " · " + AttentionText.queryHeads(c, g)));
        return List.copyOf(out);
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
        ModelSpec c = trace.config();
        int L = c.layers(), H = c.heads();
        boolean hide = hideSinks.get();
        long t0 = System.nanoTime();
        render.run(ctx -> {
            WritableImage[] flat = IntStream.range(0, L * H).parallel()
                    .mapToObj(k -> ctx.isCancelled() ? null : thumbnail(trace, k / H, k % H, hide))
                    .toArray(WritableImage[]::new);
            WritableImage[][] images = new WritableImage[L][H];
            for (int k = 0; k < L * H; k++) images[k / H][k % H] = flat[k];
            List<String> windows = IntStream.range(0, L).mapToObj(l -> AttentionText.window(c, l)).toList();
            return new Thumbnails(trace, images, groups(c), windows, hide, (System.nanoTime() - t0) / 1e6);
        }, t -> {
            thumbnails.set(t);
            state.reportTiming(String.format(Locale.ROOT, "model view: %d heads at %d tokens drawn in %.0f ms",
                    L * H, trace.length(), t.millis()));
        });
    }
}
