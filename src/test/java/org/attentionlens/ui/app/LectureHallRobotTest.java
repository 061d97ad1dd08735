package org.attentionlens.ui.app;

import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.HeatmapView;
import org.attentionlens.ui.lecture.Annotation;
import org.attentionlens.ui.lecture.LectureSession;
import org.attentionlens.ui.lecture.LectureStage;
import org.attentionlens.ui.lecture.LectureView;
import org.attentionlens.ui.lecture.LectureViewModel;
import org.attentionlens.ui.lines.LinesView;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defects seen in a lecture hall, each driven through the real window by the robot: clicker keys in the
 * Lecture tab, a session that sets the whole window, shared zoom, stale numbers, long text in Lines, readable
 * captions and exports that say where they went.
 */
@ExtendWith(ApplicationExtension.class)
class LectureHallRobotTest {
    private static final String TEXT = "the cat sat on the mat";
    private MainWindow window;
    private AppState state;

    @Start
    void start(Stage stage) {
        window = TinyModelSource.openWindow(stage);
        state = window.state();
        state.analyse(TEXT);
        state.loadModel(TinyModelSource.GPT);
    }

    private void ready() throws Exception {
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the first pass");
    }

    private Tab tab(String title) {
        return window.tabs().getTabs().stream().filter(t -> t.getText().equals(title)).findFirst().orElseThrow();
    }

    private LectureViewModel lecture() {
        return ((LectureView) tab("Lecture").getContent()).viewModel();
    }

    @Test
    void clickerKeysTurnSlidesInTheLectureTabAndLeaveTheLayerAlone(FxRobot robot) throws Exception {
        ready();
        robot.clickOn("Lecture");
        LectureViewModel vm = lecture();
        Fx.await(() -> vm.getWalk() != null, "the walk");
        int layer = state.layer(), head = state.head();
        Fx.run(() -> window.tabs().requestFocus());
        for (KeyCode k : List.of(KeyCode.RIGHT, KeyCode.DOWN, KeyCode.PAGE_DOWN, KeyCode.SPACE)) robot.type(k);
        assertEquals(4, Fx.call(() -> vm.stageIndexProperty().get()), "→ ↓ PgDn Space: four slides on");
        robot.type(KeyCode.PAGE_UP);
        assertEquals(3, Fx.call(() -> vm.stageIndexProperty().get()), "PgUp: one back");
        robot.type(KeyCode.OPEN_BRACKET);
        assertEquals(List.of(layer, head), List.of(state.layer(), state.head()), "the app's keys yield to the lecture");

        robot.clickOn("Heads");
        Fx.run(() -> window.tabs().requestFocus());
        robot.type(KeyCode.PAGE_DOWN);
        Fx.await(() -> state.layer() == layer + 1, "outside the lecture PgDn changes the layer again");
    }

    @Test
    void openingASessionSetsTheWholeWindowAndItsNotesStayWithTheirWalk(FxRobot robot, @TempDir Path dir) throws Exception {
        ready();
        String text = "the dog ran";
        Path file = dir.resolve("s.json");
        new LectureSession(TinyModelSource.BERT, text, 1, 2, 3, -1, LectureStage.SOFTMAX, 7, null,
                List.of(Annotation.note(LectureStage.SOFTMAX, 0.4, 0.4, "look here"))).write(file);
        robot.clickOn("Lecture");
        LectureViewModel vm = lecture();
        Fx.run(() -> ((LectureView) tab("Lecture").getContent()).open(file));
        Fx.await(() -> vm.getWalk() != null && vm.getStage() == LectureStage.SOFTMAX
                && vm.getSource().model().id().equals(TinyModelSource.BERT), "the session");
        assertEquals(TinyModelSource.BERT, state.model().id(), "the model picker's model");
        assertEquals(text, state.textProperty().get());
        assertEquals(text, window.input().textField().getText(), "the text field");
        assertEquals(List.of(1, 2, 3), List.of(state.layer(), state.head(), state.query()));
        assertEquals(Arrays.asList(state.trace().tokens().display()),
                Fx.call(() -> window.tokenStrip().chips().stream().map(Label::getText).toList()), "the token strip");
        assertEquals(List.of(1, 2, 3), List.of(vm.getWalk().layer(), vm.getWalk().head(), vm.getWalk().query()));
        assertEquals(1, vm.annotationsOf(LectureStage.SOFTMAX).size());

        Fx.run(() -> window.tabs().requestFocus());
        robot.type(KeyCode.OPEN_BRACKET);
        assertEquals(2, state.head(), "[ no longer throws the session away");
        Fx.run(() -> state.selectHead(0, 0));
        Fx.await(() -> vm.getWalk().head() == 0 && vm.getWalk().layer() == 0, "another head");
        assertTrue(vm.annotationsOf(LectureStage.SOFTMAX).isEmpty(), "the note stays with its own walk");
        Fx.run(() -> state.selectHead(1, 2));
        Fx.await(() -> vm.getWalk().head() == 2, "back to the session's head");
        assertEquals("look here", vm.annotationsOf(LectureStage.SOFTMAX).get(0).text());
    }

    @Test
    void theThreeMatricesZoomTogether(FxRobot robot) throws Exception {
        ready();
        List<HeatmapView> m = window.headView().matrices();
        Fx.await(() -> window.headView().viewModel().renderedProperty().get() != null, "the head");
        Point2D p = Fx.call(() -> m.get(1).cellCenter(new Cell(2, 2)));
        Fx.run(() -> m.get(1).fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
                p.getX(), p.getY(), 0, 0, false, false, false, false, false, false, 0, 40, 0, 0,
                javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
        Fx.await(() -> m.get(1).zoom() > 1, "zoomed");
        for (HeatmapView h : m) assertEquals(m.get(1).zoom(), h.zoom(), "one zoom for all three");
    }

    @Test
    void numbersOfAnOldModelOrTextDoNotLinger(FxRobot robot) throws Exception {
        ready();
        assertTrue(state.statusProperty().get().contains("first pass: includes JIT warm-up"), state.statusProperty().get());
        robot.clickOn("Model view");
        Fx.await(() -> state.timingsProperty().get().startsWith("model view:"), "the model view's timing");
        Fx.run(() -> state.loadModel(TinyModelSource.BERT));
        Fx.await(() -> state.model().id().equals(TinyModelSource.BERT), "the other model");
        assertFalse(Fx.call(() -> state.timingsProperty().get()).contains("24 heads at 22"), "no timing of the old model");
        Fx.await(() -> !state.busyProperty().get() && state.trace() != null, "its pass");
        assertFalse(state.statusProperty().get().contains("first pass"), "only the first pass is labelled");

        robot.clickOn("Lecture");
        Fx.await(() -> lecture().getWalk() != null, "the walk");
        Fx.run(() -> state.analyse(""));
        Fx.await(() -> lecture().getWalk() == null, "a cleared text clears the slides");
        assertNull(lecture().getSource());
    }

    @Test
    void linesHoverAt512TokensCompletes(FxRobot robot) throws Exception {
        ready();
        Fx.run(() -> {
            state.analyse("x".repeat(TinyModelSource.LONG_CONTEXT));
            state.loadModel(TinyModelSource.LONG_GPT);
        });
        Fx.await(() -> state.trace() != null && state.trace().length() == 512 && !state.busyProperty().get(), "512 tokens");
        robot.clickOn("Lines");
        LinesView lines = window.linesView();
        robot.clickOn(lines.allHeadsToggle());
        Fx.await(() -> lines.viewModel().pictureProperty().get() != null
                && lines.viewModel().pictureProperty().get().lines().T() == 512
                && lines.viewModel().pictureProperty().get().lines().heads().length == 4, "every row's lines, drawn once");
        var legend = (javafx.scene.layout.Pane) robot.lookup("#lines-legend").query();
        assertEquals(4, legend.getChildren().size(), "H0 … H3");
        for (int k = 0; k < 4; k++) {
            int argb = org.attentionlens.viz.HeadColors.argb(k, 4);
            assertEquals(javafx.scene.paint.Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff),
                    ((Label) legend.getChildren().get(k)).getTextFill(), "each name in its head's colour, not the label colour");
        }
        for (int row : new int[]{3, 300, 511}) {
            Fx.run(() -> lines.hover(row));
            assertTrue(Fx.call(lines::overlayNanos) > 0, "the hover repainted the overlay");
        }
        double y = Fx.call(() -> lines.rowY(7));
        Point2D p = Fx.call(() -> lines.overlay().localToScreen(lines.overlay().getWidth() * 0.3, y));
        Fx.run(() -> lines.overlay().getParent().getParent().getParent().requestLayout());
        robot.moveTo(p);
        Fx.await(() -> lines.rowAt(y) == 7, "the row under the pointer");
    }

    @Test
    void decodeCaptionsAndTheTokenStripShowWholeLines(FxRobot robot) throws Exception {
        ready();
        Fx.run(() -> state.analyse("word ".repeat(12).trim()));
        Fx.await(() -> !state.busyProperty().get() && state.trace().length() == 59, "a longer text");
        var strip = window.tokenStrip();
        double row = Fx.call(() -> strip.chips().get(0).getHeight() + 4); // a chip and the flow's gap
        double viewport = Fx.call(() -> strip.getViewportBounds().getHeight());
        double rows = (viewport - 8 + 4) / row; // the flow's padding is 4 above and below
        assertEquals(Math.round(rows), rows, 0.15, "whole rows of chips, never one and a half: " + rows);

        robot.clickOn("Decode");
        robot.clickOn("#decode-prefill");
        Fx.await(() -> robot.lookup("#decode-cached-info").queryLabeled().getText().startsWith("K/V cached"), "prefill");
        Label cached = robot.lookup("#decode-cached-info").queryAs(Label.class);
        var shown = Fx.call(() -> ((javafx.scene.text.Text) cached.lookup(".text")).getText());
        assertEquals(cached.getText(), shown, "the caption is not cut with an ellipsis");
    }

    @Test
    void exportsSayWhereTheyWentAndFiguresAreWritten(@TempDir Path dir) throws Exception {
        ready();
        Path png = dir.resolve("view.png"), svg = dir.resolve("head.svg"), pdf = dir.resolve("head.pdf");
        Fx.call(() -> window.exportViewPng(png, 2)).get(30, TimeUnit.SECONDS);
        Fx.await(() -> state.statusProperty().get().contains(png.toAbsolutePath().toString()), "the status names the file");
        Fx.call(() -> window.exportFigure(svg)).get(30, TimeUnit.SECONDS);
        Fx.call(() -> window.exportFigure(pdf)).get(30, TimeUnit.SECONDS);
        String drawing = Files.readString(svg);
        assertTrue(drawing.contains("<svg") && drawing.contains("Softmax weights") && drawing.contains(">␣</text>"),
                "the three matrices with their token labels");
        assertTrue(new String(Files.readAllBytes(pdf), 0, 5).startsWith("%PDF"));
        var missing = Fx.call(() -> window.exportHeadCsv(dir.resolve("no/such/folder.csv")));
        Fx.await(missing::isDone, "the failed export");
        assertTrue(missing.isCompletedExceptionally());
        String status = state.statusProperty().get();
        assertTrue(status.contains("does not exist") && !status.contains("Exception"), status);
    }

    @Test
    void findJumpsToATokenAndCtrlClickAveragesSeveralRows(FxRobot robot) throws Exception {
        ready();
        robot.clickOn("#token-find").write("t"); // byte tokens: t at 0, 6, 10, 16
        Fx.await(() -> state.query() == 0, "the first match");
        robot.type(KeyCode.ENTER);
        Fx.await(() -> state.query() == 6, "Enter: the next match");

        var chips = Fx.call(() -> window.tokenStrip().chips());
        robot.clickOn(chips.get(4));
        robot.press(KeyCode.CONTROL).clickOn(chips.get(8)).release(KeyCode.CONTROL);
        Fx.await(() -> state.queries().equals(List.of(4, 8)), "two rows selected");
        var vm = window.headView().viewModel();
        Fx.await(() -> vm.meanRowProperty().get() != null, "their mean row");
        var m = state.trace().head(state.layer(), state.head());
        for (int j = 0; j < m.T(); j++)
            assertEquals((m.weight(4, j) + m.weight(8, j)) / 2, vm.meanRowProperty().get().weights()[j], 1e-6);
    }

    @Test
    void aCorruptModelHeaderGivesADialogInPlainWords(FxRobot robot, @TempDir Path dir) throws Exception {
        ready();
        Path folder = org.attentionlens.io.TinyGpt2Folder.write(dir.resolve("broken"));
        byte[] header = "{\"wte.weight\": {\"dtype\": \"F32\u0000\u0001, \"sha".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var b = java.nio.ByteBuffer.allocate(8 + header.length + 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Files.write(folder.resolve("model.safetensors"), b.array());
        Fx.run(() -> state.openFolder(folder));
        Fx.await(() -> robot.lookup("#load-error").tryQuery().isPresent(), "the error dialog");
        String shown = Fx.call(() -> ((javafx.scene.control.DialogPane) robot.lookup("#load-error").query()).getContentText());
        assertTrue(shown.contains("model.safetensors") && shown.contains("not valid JSON"), shown);
        assertTrue(shown.chars().noneMatch(c -> c < 0x20) && !shown.contains("Exception") && !shown.contains("http"),
                "no bytes, class names or links: " + shown);
        robot.clickOn("OK");
        assertEquals(TinyModelSource.GPT, state.model().id(), "the model in use stays");
    }
}
