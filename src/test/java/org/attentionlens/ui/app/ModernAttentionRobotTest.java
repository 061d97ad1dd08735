package org.attentionlens.ui.app;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.attentionlens.families.FamilyFolders;
import org.attentionlens.model.AttentionMask;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.decode.DecodeView;
import org.attentionlens.ui.grid.ModelGridViewModel;
import org.attentionlens.ui.head.HeadViewModel;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window on a Mistral checkpoint folder in its Hugging Face layout (4 query heads over 2 key/value heads, a
 * sliding window of 8 in every layer; written by the family yardstick, read by the real loader): the Heads tab names
 * the KV head a head shares and the window, draws exactly the mask's window cells apart from the causal ones, and
 * lists RoPE's pairs; the Model view stands the heads in one band per key/value head of config.json and marks the
 * windowed layers; the Decode tab shows the two caches.
 */
@ExtendWith(ApplicationExtension.class)
class ModernAttentionRobotTest {
    private static final String IDS = "5 17 33 2 9 41 77 120 3 8 19 200 31 7 64 90 11 45 23 6";
    private static final int T = 20, LAYER = 1, HEAD = 3;
    private MainWindow window;
    private AppState state;

    @Start
    void start(Stage stage) {
        window = TinyModelSource.openWindow(stage);
        state = window.state();
    }

    private void openMistral(Path dir) throws Exception {
        FamilyFolders.write("mistral-sliding", dir);
        Fx.run(() -> {
            state.analyse(IDS);
            state.openFolder(dir);
            state.selectHead(LAYER, HEAD);
        });
        Fx.await(() -> state.trace() != null && state.trace().length() == T && !state.busyProperty().get()
                && state.model().id().equals(dir.toAbsolutePath().toString()), "the folder's pass");
        Fx.run(() -> state.selectHead(LAYER, HEAD));
    }

    private static JsonObject config(Path dir) throws Exception {
        return JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
    }

    @Test
    void theHeadsTabNamesTheSharedKvHeadAndDrawsTheWindowApartFromTheCausalMask(FxRobot robot, @TempDir Path dir)
            throws Exception {
        openMistral(dir);
        int window = config(dir).get("sliding_window").getAsInt();
        Fx.await(() -> {
            HeadViewModel.Rendered r = window().headView().viewModel().renderedProperty().get();
            return r != null && r.trace() == state.trace() && r.matrices().layer() == LAYER && r.matrices().head() == HEAD;
        }, "head 1.3");
        HeadMatrices m = Fx.call(() -> window().headView().viewModel().renderedProperty().get().matrices());
        AttentionMask fromConfig = new AttentionMask(true, window);
        int outside = 0;
        for (int i = 0; i < T; i++)
            for (int j = 0; j < T; j++) {
                assertEquals(fromConfig.outsideWindow(i, j), m.outsideWindow(i, j), "window cell " + i + "," + j);
                assertEquals(!fromConfig.visible(i, j), m.masked(i, j), "masked cell " + i + "," + j);
                if (m.outsideWindow(i, j)) outside++;
            }
        assertEquals((T - window) * (T - window + 1) / 2, outside, "every key a window or more back");

        String title = robot.lookup(".head-view .view-title").queryAs(Label.class).getText();
        assertTrue(title.contains("reads KV head 1 of 2, shared with heads 2–3"), title);
        assertTrue(title.contains("window 8"), title);
        String legend = robot.lookup("#mask-legend").queryAs(Label.class).getText();
        assertTrue(legend.contains("outside the 8-token window of layer 1"), legend);

        // drawn apart: a window cell is teal (blue above red), a causal-masked cell grey
        HeatmapView weights = Fx.call(() -> window().headView().matrices().get(1));
        double[] windowed = meanColour(weights, new Cell(T - 1, 0)), causal = meanColour(weights, new Cell(0, T - 1));
        assertTrue(windowed[2] - windowed[0] > 0.08, "window cell tinted: " + java.util.Arrays.toString(windowed));
        assertTrue(Math.abs(causal[2] - causal[0]) < 0.04, "causal cell grey: " + java.util.Arrays.toString(causal));

        Fx.run(() -> state.selectCell(new Cell(T - 1, 1)));
        Fx.await(() -> robot.lookup("#cell-note").queryAs(Label.class).getText().startsWith("Outside the window"), "the note");
        assertTrue(robot.lookup("#kv-share").queryAs(Label.class).getText().contains("KV head 1 of 2"));
        Fx.run(() -> state.selectCell(new Cell(T - 1, T - 3)));
        Fx.await(() -> robot.lookup("#rope-summary").queryAs(Label.class).getText().contains("i − j = 2"), "RoPE");
        assertTrue(robot.lookup("#rope-bars").query().isVisible());
        assertTrue(robot.lookup("#distance-chart").query().isVisible());
    }

    @Test
    void theModelViewGroupsHeadsByTheirKvHeadAndMarksWindowedLayers(FxRobot robot, @TempDir Path dir) throws Exception {
        openMistral(dir);
        JsonObject c = config(dir);
        int H = c.get("num_attention_heads").getAsInt(), Hkv = c.get("num_key_value_heads").getAsInt();
        robot.clickOn("Model view");
        Fx.await(() -> window().gridView().viewModel().thumbnailsProperty().get() != null
                && window().gridView().viewModel().thumbnailsProperty().get().trace() == state.trace(), "thumbnails");
        List<Node> bands = Fx.call(() -> window().gridView().bands());
        assertEquals(Hkv, bands.size(), "one band per key/value head of config.json");
        for (int g = 0; g < Hkv; g++) {
            ModelGridViewModel.Group group = (ModelGridViewModel.Group) bands.get(g).getUserData();
            assertEquals(g * H / Hkv, group.first());
            assertEquals(H / Hkv, group.count());
            Bounds band = Fx.call(bands.get(g)::getBoundsInParent);
            for (int h = 0; h < H; h++) {
                int hh = h;
                Bounds thumb = Fx.call(() -> window().gridView().thumbnailNode(0, hh).getBoundsInParent());
                Point2D centre = new Point2D(thumb.getCenterX(), thumb.getCenterY());
                assertEquals(h / (H / Hkv) == g, band.contains(centre), "head " + h + " stands in band " + g + "?");
                // the heads of a band read one key/value head: their keys are the same numbers, other heads' are not
                boolean sameKeys = java.util.Arrays.equals(state.trace().key(0, h, 5), state.trace().key(0, group.first(), 5));
                assertEquals(h / (H / Hkv) == g, sameKeys, "head " + h + " reads band " + g + "'s keys?");
            }
            assertTrue(robot.lookup("#kv-band-" + g).tryQuery().isPresent());
        }
        for (int l = 0; l < 2; l++)
            assertEquals("⟷ 8", robot.lookup("#window-layer-" + l).queryAs(Label.class).getText());
        assertTrue(robot.lookup("#model-grid-legend").queryAs(Label.class).getText()
                .contains(H + " query heads over " + Hkv + " key/value heads"));
    }

    @Test
    void theDecodeTabShowsOneCachePerKvHeadAndTheMemoryOfThatMany(FxRobot robot, @TempDir Path dir) throws Exception {
        openMistral(dir);
        robot.clickOn("Decode");
        DecodeView decode = Fx.call(() -> (DecodeView) window().tabs().getTabs().stream()
                .filter(t -> t.getContent() instanceof DecodeView).map(Tab::getContent).findFirst().orElseThrow());
        Fx.run(() -> {
            decode.viewModel().promptProperty().set("5 17 33 2 9 41 77 120 3 8 19 200");
            decode.viewModel().prefill();
        });
        Fx.await(() -> decode.viewModel().frameProperty().get() != null, "the prefill");
        Fx.run(decode.viewModel()::step);
        Fx.await(() -> decode.viewModel().frameProperty().get() != null && !decode.viewModel().frameProperty().get()
                .afterPrefill(), "a step");
        assertEquals(2, Fx.call(() -> decode.viewModel().frameProperty().get().caches().size()));
        String caches = robot.lookup("#kv-heads-title").queryAs(Label.class).getText();
        assertTrue(caches.contains("caches 2 K/V heads for 4 query heads"), caches);
        assertTrue(caches.contains("Head 3 reads KV head 1 of 2"), caches);
        String memory = Fx.call(() -> decode.viewModel().frameProperty().get().counters().memoryText());
        assertTrue(memory.contains("2 KV heads for 4 query heads"), memory);
        assertEquals(2L * 2 * 2 * 13 * 16 * 4, (long) Fx.call(() -> decode.viewModel().frameProperty().get().counters().cacheBytes()),
                "2 (K, V) × 2 layers × 2 KV heads × 13 positions × 16 × 4 B");
    }

    private MainWindow window() {
        return window;
    }

    /** Mean (r, g, b) in 0 … 1 over the middle of a cell as the view draws it (matrix, hatching and all). */
    private static double[] meanColour(HeatmapView view, Cell c) {
        WritableImage shot = Fx.call(() -> view.snapshot(null, null));
        Point2D centre = Fx.call(() -> view.cellCenter(c));
        double half = Fx.call(() -> view.cellCenter(new Cell(0, 1)).getX() - view.cellCenter(new Cell(0, 0)).getX()) * 0.35;
        PixelReader px = shot.getPixelReader();
        double[] sum = new double[3];
        int n = 0;
        for (int y = (int) (centre.getY() - half); y <= centre.getY() + half; y++)
            for (int x = (int) (centre.getX() - half); x <= centre.getX() + half; x++) {
                javafx.scene.paint.Color col = px.getColor(x, y);
                sum[0] += col.getRed();
                sum[1] += col.getGreen();
                sum[2] += col.getBlue();
                n++;
            }
        for (int k = 0; k < 3; k++) sum[k] /= n;
        return sum;
    }
}
