package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.ui.common.Numbers;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A robot walks the whole lecture with the keys a presentation clicker sends, and reads the numbers on every
 * slide back against the trace of the pass (not against the walk that drew them, where the trace has them).
 */
@ExtendWith(ApplicationExtension.class)
class LectureViewFxTest {
    private static final int LAYER = 1, HEAD = 2, QUERY = 4, KEY = 1;
    private LectureViewModel vm;
    private AttentionTrace trace;

    @Start
    void start(Stage stage) {
        LoadedModel m = LectureFixtures.model(LectureFixtures.Kind.GPT2, 31);
        trace = AttentionTrace.capture(m.transformer(), m.tokenizer().encode(LectureFixtures.CAT));
        vm = new LectureViewModel();
        vm.load(m, LectureFixtures.CAT, trace, LAYER, HEAD, QUERY, KEY);
        LectureView view = new LectureView(vm);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        view.requestFocus();
    }

    @Test
    void clickerKeysWalkEveryStageAndEachSlideShowsThePassNumbers(FxRobot robot) {
        HeadMatrices m = trace.head(LAYER, HEAD);
        HeadWalk w = vm.getWalk();
        List<KeyCode> forward = List.of(KeyCode.PAGE_DOWN, KeyCode.RIGHT, KeyCode.SPACE, KeyCode.DOWN);
        List<LectureStage> stages = List.copyOf(vm.stages());
        assertEquals(List.of(LectureStage.INPUT, LectureStage.PROJECTIONS, LectureStage.DOT_PRODUCT,
                LectureStage.ALL_SCORES, LectureStage.SCALE, LectureStage.MASK, LectureStage.SOFTMAX,
                LectureStage.WEIGHTED_SUM, LectureStage.CONCAT, LectureStage.OUTPUT_PROJECTION, LectureStage.RESIDUAL),
                stages, "GPT-2's recipe: no QK-norm, RoPE, shared keys and values or soft-cap");
        for (int i = 0; i < stages.size(); i++) {
            LectureStage s = stages.get(i);
            assertEquals(s.title(), text(robot, "#stage-title"), "title of stage " + i);
            assertEquals(Captions.caption(s, w), text(robot, "#caption"));
            assertEquals((i + 1) + " / " + stages.size(), text(robot, "#progress"));
            assertTrue(robot.lookup("#stage-item-" + s.key()).query().getStyleClass().contains("current"));
            switch (s) {
                case INPUT -> {
                    assertEquals(fmt(trace.residual(LAYER - 1)[QUERY * 32]), text(robot, "#x-" + QUERY + "-0"));
                    assertEquals(fmt(w.projectionInputRow()[0]), text(robot, "#xin-" + QUERY + "-0"));
                }
                case PROJECTIONS -> {
                    assertEquals(fmt(trace.query(LAYER, HEAD, QUERY)[0]), text(robot, "#q-" + QUERY + "-0"));
                    assertEquals(fmt(trace.key(LAYER, HEAD, 0)[1]), text(robot, "#k-0-1"));
                    assertEquals(fmt(trace.value(LAYER, HEAD, 9)[7]), text(robot, "#v-9-7"));
                }
                case DOT_PRODUCT -> {
                    float[] q = trace.query(LAYER, HEAD, QUERY), k = trace.key(LAYER, HEAD, KEY);
                    double dot = 0;
                    for (int d = 0; d < q.length; d++) dot += (double) q[d] * k[d];
                    assertEquals(fmt(dot), text(robot, "#value-dot"));
                    assertEquals(fmt(q[0] * k[0]), text(robot, "#dot-2-0"));
                }
                case ALL_SCORES -> assertEquals(fmt(m.score(QUERY, 3) * Math.sqrt(8)),
                        text(robot, "#raw-" + QUERY + "-3"));
                case SCALE -> {
                    assertEquals(fmt(m.score(QUERY, KEY)), text(robot, "#value-score"));
                    assertEquals(fmt(m.score(QUERY, 0)), text(robot, "#scale-0-1"));
                    assertEquals(fmt(Math.sqrt(8)), text(robot, "#value-sqrt"));
                }
                case MASK -> {
                    assertEquals("−∞", text(robot, "#masked-" + QUERY + "-" + (QUERY + 1)));
                    assertEquals(fmt(m.score(QUERY, 2)), text(robot, "#masked-" + QUERY + "-2"));
                    assertEquals(Integer.toString(QUERY + 1), text(robot, "#value-visible"));
                }
                case SOFTMAX -> {
                    assertEquals(fmt(m.weight(QUERY, KEY)), text(robot, "#value-weight"));
                    assertEquals(fmt(m.weight(QUERY, 0)), text(robot, "#softmax-0-3"));
                    assertEquals(fmt(m.score(QUERY, 0) - w.rowMax()), text(robot, "#softmax-0-1"));
                    assertEquals("0", text(robot, "#softmax-" + (QUERY + 1) + "-3"), "masked keys get weight 0");
                    assertEquals("−∞", text(robot, "#softmax-" + (QUERY + 1) + "-1"));
                }
                case WEIGHTED_SUM -> assertEquals(fmt(trace.headOutput(LAYER, HEAD, QUERY)[0]), text(robot, "#out-0-0"));
                case CONCAT -> assertEquals(fmt(trace.headOutput(LAYER, 0, QUERY)[1]), text(robot, "#concat-0-1"));
                case OUTPUT_PROJECTION -> assertEquals(fmt(w.attentionOutput()[0]), text(robot, "#attn-0-0"));
                case RESIDUAL -> {
                    assertEquals(fmt(trace.residual(LAYER - 1)[QUERY * 32]), text(robot, "#residual-0-0"));
                    assertEquals(fmt(w.afterAttention()[0]), text(robot, "#residual-2-0"));
                }
                default -> throw new AssertionError(s + " is not in GPT-2's recipe");
            }
            robot.type(forward.get(i % forward.size()));
        }
        assertEquals(LectureStage.RESIDUAL, vm.getStage(), "Next on the last stage stays there");
        assertTrue(robot.lookup("#next").queryButton().isDisabled());

        robot.type(KeyCode.PAGE_UP);
        assertEquals(LectureStage.OUTPUT_PROJECTION, vm.getStage());
        robot.type(KeyCode.LEFT);
        robot.type(KeyCode.BACK_SPACE);
        assertEquals(LectureStage.WEIGHTED_SUM, vm.getStage());
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        assertEquals(LectureStage.SOFTMAX, vm.getStage());
        robot.type(KeyCode.HOME);
        assertEquals(LectureStage.INPUT, vm.getStage());
        assertTrue(robot.lookup("#back").queryButton().isDisabled());
        robot.clickOn("#next");
        assertEquals(LectureStage.PROJECTIONS, vm.getStage());
        robot.type(KeyCode.END);
        assertEquals(LectureStage.RESIDUAL, vm.getStage());
        robot.clickOn("#stage-item-mask");
        assertEquals(LectureStage.MASK, vm.getStage());
    }

    @Test
    void thePresenterPinsANoteAndAnArrowThatStayWithTheirStage(FxRobot robot) {
        robot.interact(() -> vm.goTo(LectureStage.SOFTMAX));
        robot.clickOn("#tool-note");
        Node area = robot.lookup("#slide-area").query();
        robot.clickOn(area);
        robot.write("the winner");
        robot.type(KeyCode.ENTER);
        assertEquals(1, vm.annotationsOf(LectureStage.SOFTMAX).size());
        Annotation note = vm.annotationsOf(LectureStage.SOFTMAX).get(0);
        assertEquals("the winner", note.text());
        assertEquals(0.5, note.x(), 0.05, "pinned where clicked");
        assertEquals(LectureStage.SOFTMAX, vm.getStage(), "typing a note does not turn the slides");
        assertTrue(robot.lookup(".lecture-note").queryAll().stream()
                .anyMatch(n -> ((Label) n).getText().equals("the winner")));

        robot.clickOn("#tool-arrow");
        var b = area.localToScreen(area.getBoundsInLocal());
        robot.drag(b.getMinX() + 100, b.getMinY() + 100).dropTo(new javafx.geometry.Point2D(b.getMinX() + 400,
                b.getMinY() + 300));
        assertEquals(2, vm.annotationsOf(LectureStage.SOFTMAX).size());
        assertTrue(vm.annotationsOf(LectureStage.SOFTMAX).get(1).isArrow());
        robot.type(KeyCode.ESCAPE);

        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(LectureStage.WEIGHTED_SUM, vm.getStage());
        assertTrue(robot.lookup(".lecture-note").queryAll().isEmpty(), "notes show on their own stage only");
        robot.type(KeyCode.PAGE_UP);
        assertFalse(robot.lookup(".lecture-note").queryAll().isEmpty());
        robot.rightClickOn(".lecture-note");
        assertEquals(1, vm.annotationsOf(LectureStage.SOFTMAX).size(), "right-click removes a note");
    }

    @Test
    void aDecodeStepMarksCachedKeysAndValues(FxRobot robot) {
        LoadedModel m = vm.getSource().model();
        robot.interact(() -> {
            vm.show(LectureSource.runDecode(m, LectureFixtures.CAT, 6), LAYER, HEAD, 0, -1);
            vm.goTo(LectureStage.PROJECTIONS);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(12, robot.lookup(".tag-cache").queryAll().size(), "6 cached rows in K and 6 in V");
        assertEquals(3, robot.lookup(".tag-new").queryAll().size(), "the new row of Q, K and V");
        assertEquals(fmt(trace.query(LAYER, HEAD, 6)[0]), text(robot, "#q-0-0"));
        assertTrue(text(robot, "#lecture-context").contains("decode step"));
        assertTrue(text(robot, "#caption").contains("come from the KV cache"));
    }

    @Test
    void f5OpensTheLectureFullScreenOnTheSameStageAndEscLeavesIt(FxRobot robot) {
        robot.interact(() -> vm.goTo(LectureStage.MASK));
        robot.type(KeyCode.F5);
        Stage full = lectureWindow();
        assertTrue(full != null && full.isShowing() && full.isFullScreen(), "a full-screen lecture window");
        assertEquals(LectureStage.MASK.title(), ((Label) full.getScene().lookup("#stage-title")).getText());
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(LectureStage.SOFTMAX, vm.getStage(), "the clicker drives the full-screen lecture");
        robot.type(KeyCode.ESCAPE);
        assertFalse(full.isShowing(), "Esc leaves full screen and closes its window");
    }

    @Test
    void openingASessionFileRestoresItAndABrokenOneSaysWhy(FxRobot robot, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        LectureView view = (LectureView) robot.lookup(".lecture").query();
        LoadedModel same = LectureFixtures.model(LectureFixtures.Kind.GPT2, 31);
        robot.interact(() -> {
            vm.setModels(id -> same);
            vm.goTo(LectureStage.SCALE);
            vm.addAnnotation(Annotation.note(LectureStage.SCALE, 0.6, 0.3, "÷ √8"));
        });
        java.nio.file.Path file = dir.resolve("saved.json");
        vm.toSession().write(file);
        robot.interact(() -> {
            vm.goTo(LectureStage.INPUT);
            vm.clearAnnotations();
            vm.select(0, 0, 1, 0);
        });
        robot.interact(() -> view.open(file));
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> vm.getStage() == LectureStage.SCALE);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(LAYER, HEAD, QUERY, KEY), List.of(vm.getWalk().layer(), vm.getWalk().head(),
                vm.getWalk().query(), vm.getWalk().key()));
        assertEquals(fmt(trace.head(LAYER, HEAD).score(QUERY, KEY)), text(robot, "#value-score"));
        assertEquals("÷ √8", robot.lookup(".lecture-note").queryAs(Label.class).getText());

        java.nio.file.Path broken = dir.resolve("broken.json");
        java.nio.file.Files.writeString(broken, "{\"version\": 1, \"model\": \"tiny-gpt2\"}");
        robot.interact(() -> view.open(broken));
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS,
                () -> text(robot, "#lecture-status").contains("has no \"text\""));
        assertEquals(LectureStage.SCALE, vm.getStage(), "a broken file leaves the lecture as it was");
    }

    private static Stage lectureWindow() {
        for (var w : javafx.stage.Window.getWindows())
            if (w instanceof Stage s && LectureWindow.isLectureWindow(s)) return s;
        return null;
    }

    private static String fmt(double v) {
        return Numbers.slide(v);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }
}
