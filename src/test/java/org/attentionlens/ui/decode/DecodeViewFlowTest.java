package org.attentionlens.ui.decode;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.ImageExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decode tab in the real main window, driven by the robot: prefill, three steps, step back, then a click on
 * the timeline; the drawn cache's row count and the labels follow. Saves a PNG of the window in target/.
 */
@ExtendWith(ApplicationExtension.class)
class DecodeViewFlowTest {
    private AppState state;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = TinyModelSource.openWindow(stage);
        state = window.state();
        state.loadModel(TinyModelSource.GPT);
    }

    private DecodeView view(FxRobot robot) {
        return robot.lookup(".decode-view").queryAs(DecodeView.class);
    }

    private void click(FxRobot robot, String id, DecodeViewModel vm) throws Exception {
        robot.clickOn(id);
        Fx.await(() -> !vm.runningProperty().get(), "the expected state");
    }

    @Test
    void prefillThreeStepsAndStepBack(FxRobot robot) throws Exception {
        Fx.await(() -> state.model() != null && !state.busyProperty().get(), "the expected state");
        robot.clickOn("Decode");
        DecodeView view = view(robot);
        DecodeViewModel vm = view.viewModel();
        robot.interact(() -> robot.lookup("#decode-prompt").queryAs(TextField.class).setText(""));
        robot.clickOn("#decode-prompt").write("The cat");
        click(robot, "#decode-prefill", vm);
        Fx.await(() -> vm.prefilledProperty().get(), "the expected state");
        assertEquals(7, view.cacheView().rowsProperty().get(), "the prompt's 7 byte tokens fill the cache");
        assertEquals(-1, view.cacheView().newRowProperty().get());

        for (int i = 0; i < 3; i++) click(robot, "#decode-step", vm);
        assertEquals(3, vm.steps().size());
        assertEquals(10, view.cacheView().rowsProperty().get());
        assertEquals(9, view.cacheView().newRowProperty().get());
        assertEquals("K/V cached: reused 9 rows, 1 new row", robot.lookup("#decode-cached-info").queryAs(Label.class).getText());
        assertEquals("q: computed for this token only, not cached", robot.lookup("#decode-query-info").queryAs(Label.class).getText());
        assertEquals(3, view.timeline().stepButtons().size());
        assertEquals(1, view.bars().rows().stream().filter(r -> r.endsWith("|true")).count(), "one bar marked chosen");

        click(robot, "#decode-step-back", vm);
        assertEquals(2, vm.steps().size());
        assertEquals(9, view.cacheView().rowsProperty().get());
        assertEquals("K/V cached: reused 8 rows, 1 new row", robot.lookup("#decode-cached-info").queryAs(Label.class).getText());
        assertEquals(2, view.timeline().stepButtons().size());

        robot.clickOn(view.timeline().stepButtons().get(0));
        Fx.await(() -> vm.shownProperty().get() == 0, "the expected state");
        assertEquals(8, view.cacheView().rowsProperty().get(), "the first step's cache, shown again");
        assertEquals(0, vm.frameProperty().get().step().index());

        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        ImageExport.writePng(Fx.call(() -> ImageExport.snapshot(window.root(), 1)), dir.resolve("decode.png"));
    }

    @Test
    void samplingFieldsForgiveTextThatIsNotANumber(FxRobot robot) throws Exception {
        Fx.await(() -> state.model() != null && !state.busyProperty().get(), "the expected state");
        robot.clickOn("Decode");
        DecodeViewModel vm = view(robot).viewModel();
        double before = vm.temperatureProperty().get();
        var editor = robot.lookup(".spinner").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Spinner<?> sp && sp.getTooltip() != null
                        && sp.getTooltip().getText().startsWith("Temperature"))
                .map(n -> ((javafx.scene.control.Spinner<?>) n).getEditor()).findFirst().orElseThrow();
        robot.interact(() -> editor.setText("warm"));
        robot.clickOn(editor).clickOn("#decode-prompt");
        assertEquals(before, vm.temperatureProperty().get(), "not a number: the last good value stays");
        assertEquals(Double.toString(before), editor.getText());
        robot.interact(() -> editor.setText("0"));
        robot.clickOn(editor).type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(0.0, vm.temperatureProperty().get(), "0 = greedy");
    }
}
