package org.attentionlens.ui.app;

import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TestModels;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.common.ImageExport;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.head.HeadViewModel;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real flows through the real window on the real built-in MiniLM-L6, driven by the TestFX robot (headless
 * Monocle under surefire). The model is loaded once and shared between tests.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowRobotTest {
    private MainWindow window;
    private AppState state;

    @Start
    void start(Stage stage) {
        Settings settings = Settings.open();
        settings.clear();
        settings.putDouble("windowW", 1200);
        settings.putDouble("windowH", 780);
        state = new AppState(TestModels.REAL_CACHED, TaskExecutor.fx(Background.executor()), settings);
        window = new MainWindow(state);
        window.show(stage);
        state.analyse("The cat sat on the mat");
        state.loadModel(AppState.DEFAULT_MODEL);
    }

    private HeadViewModel.Rendered rendered() {
        return window.headView().viewModel().renderedProperty().get();
    }

    private void awaitHead(int T, int layer, int head) throws TimeoutException {
        Fx.await(() -> {
            HeadViewModel.Rendered r = rendered();
            return r != null && r.matrices().T() == T && r.matrices().layer() == layer && r.matrices().head() == head
                    && r.trace() == state.trace();
        }, "head " + layer + "." + head + " at " + T + " tokens");
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        int[] px = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return px;
    }

    private void focusAwayFromText() {
        Fx.run(() -> window.tabs().requestFocus());
    }

    @Test
    void typingASentenceShowsItsTokensAndRedrawsTheMatrices(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        int[] before = Fx.call(() -> pixels(ImageExport.snapshot(window.headView().matrices().get(1), 1)));
        Fx.run(() -> window.input().textField().clear());
        robot.clickOn(window.input().textField()).write("Dogs chase the ball").type(KeyCode.ENTER);
        awaitHead(6, 0, 0);
        List<String> chips = Fx.call(() -> window.tokenStrip().chips().stream().map(Label::getText).toList());
        assertEquals(List.of("[CLS]", "dogs", "chase", "the", "ball", "[SEP]"), chips);
        assertEquals(Arrays.asList(state.trace().tokens().display()), chips);
        int[] after = Fx.call(() -> pixels(ImageExport.snapshot(window.headView().matrices().get(1), 1)));
        assertFalse(Arrays.equals(before, after), "the weights matrix was redrawn for the new text");
        // the image drawn is the trace's own head, coloured by the weight scale
        HeadViewModel.Rendered r = rendered();
        HeadMatrices m = state.trace().head(0, 0);
        int[] img = pixels(r.weights().image());
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) assertEquals(r.weights().scale().argb(m.weight(i, j)), img[i * 6 + j]);
    }

    @Test
    void clickingATokenMakesItTheQueryEverywhere(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        Label cat = Fx.call(() -> window.tokenStrip().chips().get(2));
        robot.clickOn(cat);
        Fx.await(() -> state.query() == 2, "query = cat");
        assertTrue(cat.getStyleClass().contains("query"));
        for (HeatmapView h : window.headView().matrices()) assertEquals(2, h.selectedCellProperty().get().query());
        Fx.await(() -> window.headView().viewModel().detailsProperty().get().query() == 2, "details follow");
        assertEquals("cat", window.headView().viewModel().detailsProperty().get().queryToken());
    }

    @Test
    void keysSwitchHeadAndLayerAndMoveTheCell(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        focusAwayFromText();
        robot.type(KeyCode.CLOSE_BRACKET);
        awaitHead(8, 0, 1);
        robot.type(KeyCode.PAGE_DOWN);
        awaitHead(8, 1, 1);
        robot.type(KeyCode.DOWN, KeyCode.DOWN, KeyCode.RIGHT);
        Fx.await(() -> state.cell().equals(new Cell(2, 1)), "cell moved by arrows");
        robot.type(KeyCode.OPEN_BRACKET, KeyCode.OPEN_BRACKET);
        awaitHead(8, 1, 0);
        assertEquals(0, state.head(), "[ stops at head 0");
    }

    @Test
    void hoverHighlightsTheSameCellInAllThreeAndClickSelectsIt(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        HeatmapView weights = window.headView().matrices().get(1);
        Point2D local = Fx.call(() -> weights.cellCenter(new Cell(4, 2)));
        Point2D screen = Fx.call(() -> weights.localToScreen(local));
        robot.moveTo(screen);
        Fx.await(() -> new Cell(4, 2).equals(window.headView().viewModel().hoverProperty().get()), "hover");
        for (HeatmapView h : window.headView().matrices()) assertEquals(new Cell(4, 2), h.hoverCellProperty().get());
        // every cell hovered lights up in all three (the frame cost is measured by UiBench, not asserted here)
        for (int k = 0; k < 8; k++) {
            Cell c = new Cell(k % 8, (k * 3) % 8);
            Point2D p = Fx.call(() -> weights.localToScreen(weights.cellCenter(c)));
            robot.moveTo(p);
            Fx.await(() -> c.equals(window.headView().matrices().get(0).hoverCellProperty().get()), "hover " + c);
        }
        robot.moveTo(screen).clickOn();
        Fx.await(() -> state.cell().equals(new Cell(4, 2)), "click selects the cell");
    }

    @Test
    void exportsAPngAndACsvThatReadBack(@TempDir Path dir) throws Exception {
        awaitHead(8, 0, 0);
        Path png = dir.resolve("view.png"), csv = dir.resolve("head.csv");
        Node content = Fx.call(() -> window.tabs().getSelectionModel().getSelectedItem().getContent());
        double w = Fx.call(() -> content.getLayoutBounds().getWidth());
        Fx.call(() -> window.exportViewPng(png, 2)).get(20, TimeUnit.SECONDS);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Math.round(2 * w), img.getWidth(), 2, "2× for slides");
        assertTrue(Arrays.stream(img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth()))
                .distinct().count() > 50, "a real picture, not a blank");

        Fx.run(() -> state.selectHead(2, 3));
        Fx.call(() -> window.exportHeadCsv(csv)).get(20, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(csv);
        HeadMatrices m = state.trace().head(2, 3);
        String[] row = lines.get(2 + 3 * 8 + 5).split(","); // query 3, key 5
        assertEquals("3", row[0]);
        assertEquals("\"sat\"", row[1]);
        assertEquals("5", row[2]);
        assertEquals(m.weight(3, 5), Float.parseFloat(row[5]), 0);
        assertEquals(m.score(3, 5), Float.parseFloat(row[4]), 0);

        // the whole capture through TraceExport: JSON parses and holds this head's weight; weights.npy is (L, H, T, T)
        Path json = dir.resolve("capture.json"), npy = dir.resolve("npy");
        Fx.call(() -> window.exportJson(json)).get(60, TimeUnit.SECONDS);
        Fx.call(() -> window.exportNpy(npy)).get(60, TimeUnit.SECONDS);
        var root = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        float jsonWeight = root.getAsJsonArray("layers").get(2).getAsJsonObject().getAsJsonArray("heads").get(3).getAsJsonObject()
                .getAsJsonArray("weights").get(3).getAsJsonArray().get(5).getAsFloat();
        assertEquals(m.weight(3, 5), jsonWeight, 0);
        long expected = 6L * 12 * 8 * 8 * 4;
        long size = Files.size(npy.resolve("weights.npy"));
        assertTrue(size > expected && size < expected + 256, "header + (6, 12, 8, 8) float32: " + size);
    }

    @Test
    void aBadFolderOpensAnErrorDialogThatSaysWhatIsWrong(FxRobot robot, @TempDir Path empty) throws Exception {
        awaitHead(8, 0, 0);
        Fx.run(() -> state.openFolder(empty));
        Fx.await(() -> robot.lookup("#load-error").tryQuery().isPresent(), "the error dialog");
        Optional<Node> pane = robot.lookup("#load-error").tryQuery();
        String shown = Fx.call(() -> ((DialogPane) pane.get()).getContentText());
        assertEquals(state.errorProperty().get(), shown);
        assertTrue(shown.length() > 20, shown);
        robot.clickOn("OK");
        Fx.await(() -> state.errorProperty().get() == null, "dialog closed");
        assertEquals(AppState.DEFAULT_MODEL, state.model().id(), "the model in use stays");
    }

    @Test
    void theModelViewOpensTheClickedHead(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        robot.clickOn("Model view");
        Fx.await(() -> window.gridView().viewModel().thumbnailsProperty().get() != null, "thumbnails");
        int[] thumb = pixels(Fx.call(() -> window.gridView().thumbnail(2, 3)));
        HeadMatrices m = state.trace().head(2, 3);
        assertEquals(96 * 96, thumb.length, "8 tokens fit: each cell a 12-pixel square");
        for (int y = 12; y < 24; y++)
            for (int x = 72; x < 84; x++) // row 1, column 6: one colour across the whole square, no smoothing
                assertEquals(org.attentionlens.viz.ValueScale.weights().argb(m.weight(1, 6)), thumb[y * 96 + x]);
        Node cell = Fx.call(() -> window.gridView().thumbnailNode(2, 3));
        robot.clickOn(cell);
        Fx.await(() -> state.layer() == 2 && state.head() == 3, "head 2.3 selected");
        assertEquals("Heads", window.tabs().getSelectionModel().getSelectedItem().getText());
        awaitHead(8, 2, 3);
    }

    @Test
    void anyUnicodeTokenizesAndShowsAndLongTextIsCut(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        Fx.run(() -> window.input().textField().setText("Café 🐈 שלום עולם e\u0301 日本語 naïve"));
        robot.clickOn(window.input().runButton());
        Fx.await(() -> !state.busyProperty().get() && state.trace() != null && state.trace().length() > 8, "unicode pass");
        assertEquals("", state.messageProperty().get());
        assertEquals(state.trace().length(), Fx.call(() -> window.tokenStrip().chips().size()));
        awaitHead(state.trace().length(), 0, 0);

        Fx.run(() -> state.analyse("word ".repeat(600)));
        Fx.await(() -> !state.busyProperty().get() && state.trace() != null && state.trace().length() == 512, "cut pass");
        assertTrue(state.messageProperty().get().contains("last 90 were cut"), state.messageProperty().get());
        assertTrue(Fx.call(() -> robot.lookup(".message").queryLabeled().getText()).contains("were cut"));
    }

    @Test
    void linesThemesAndFontZoomWork(FxRobot robot) throws TimeoutException {
        awaitHead(8, 0, 0);
        robot.clickOn("Lines");
        robot.clickOn(window.linesView().allHeadsToggle());
        Fx.run(() -> window.setDark(true));
        assertTrue(window.root().getStyleClass().contains("theme-dark"));
        Label anyLabel = Fx.call(() -> window.tokenStrip().chips().get(1));
        focusAwayFromText();
        double before = window.fontSize();
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        Fx.await(() -> window.fontSize() == before + 1, "Ctrl+= zooms the UI font");
        Fx.await(() -> anyLabel.getFont().getSize() == before + 1, "labels follow the root font size");
        assertNotEquals(before, state.settings().getDouble("fontSize", 0));
    }
}
