package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.testfx.util.WaitForAsyncUtils.waitFor;

/** The lecture tab inside the app: it follows the app's selection, and its decode toggle runs a real step. */
@ExtendWith(ApplicationExtension.class)
class LectureTabFxTest {
    private AppState state;
    private LectureView view;
    private final javafx.beans.property.BooleanProperty showing = new javafx.beans.property.SimpleBooleanProperty(true);

    @Start
    void start(Stage stage) {
        ModelProvider source = new ModelProvider() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                if (id.equals("tiny-gpt2")) return LectureFixtures.model(LectureFixtures.Kind.GPT2, 41);
                throw new ModelLoadException("no model " + id);
            }

            @Override
            public List<String> builtIns() {
                return List.of("tiny-gpt2");
            }
        };
        state = new AppState(source, TaskExecutor.fx(Background.executor()), Settings.open());
        view = LectureTab.create(state, showing);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        state.analyse(LectureFixtures.CAT);
        state.loadModel("tiny-gpt2");
    }

    @Test
    void followsTheAppsSelectionAndWalksADecodeStepOfTheQueryToken(FxRobot robot) throws Exception {
        LectureViewModel vm = view.viewModel();
        until(() -> vm.getWalk() != null);
        robot.interact(() -> {
            state.selectHead(2, 3);
            state.selectQuery(5);
            state.selectKey(1);
        });
        until(() -> selection(vm.getWalk()).equals(List.of(2, 3, 5, 1))); // walks are computed off the FX thread
        HeadWalk w = vm.getWalk();
        assertEquals(LectureFixtures.CAT, vm.getSource().text());
        assertEquals(state.trace().head(2, 3).weight(5, 1), w.weight(1), 0f);

        robot.clickOn("#decode-toggle");
        until(() -> vm.getWalk().decode());
        w = vm.getWalk();
        assertEquals(5, w.query(), "the query token becomes the decode step's new token");
        assertEquals(6, w.keyCount());
        assertTrue(vm.getSource().recomputeDifference(w) < 1e-5);
        robot.interact(() -> vm.goTo(LectureStage.SOFTMAX));
        assertTrue(robot.lookup("#recompute-check").queryLabeled().getText().contains("largest difference"));

        robot.clickOn("#decode-toggle");
        assertFalse(vm.getWalk().decode(), "back to the whole text, without a new run");
        assertEquals(5, vm.getWalk().query());

        robot.interact(() -> {
            showing.set(false);
            state.selectHead(0, 1);
        });
        assertEquals(3, vm.getWalk().head(), "a hidden lecture does not work for nothing");
        robot.interact(() -> showing.set(true));
        until(() -> vm.getWalk().layer() == 0 && vm.getWalk().head() == 1); // and catches up when shown
    }

    @Test
    void installsAsATabOfTheMainWindowThatCatchesUpWhenSelected(FxRobot robot) throws Exception {
        until(() -> state.trace() != null);
        javafx.scene.control.Tab[] tab = new javafx.scene.control.Tab[1];
        org.attentionlens.ui.app.MainWindow[] window = new org.attentionlens.ui.app.MainWindow[1];
        robot.interact(() -> {
            window[0] = new org.attentionlens.ui.app.MainWindow(state);
            tab[0] = window[0].tabs().getTabs().stream().filter(t -> t.getText().equals("Lecture")).findFirst().orElseThrow();
        });
        LectureViewModel vm = ((LectureView) tab[0].getContent()).viewModel();
        assertEquals(null, vm.getWalk(), "not selected yet: nothing computed");
        robot.interact(() -> window[0].tabs().getSelectionModel().select(tab[0]));
        until(() -> vm.getWalk() != null && vm.getWalk().layer() == state.layer() && vm.getWalk().head() == state.head());
    }

    private static List<Integer> selection(HeadWalk w) {
        return List.of(w.layer(), w.head(), w.query(), w.key());
    }

    private static void until(BooleanSupplier condition) throws Exception {
        waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
    }
}
