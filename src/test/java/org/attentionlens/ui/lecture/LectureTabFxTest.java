package org.attentionlens.ui.lecture;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.model.ArchitectureKind;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.app.AppState;
import org.attentionlens.ui.app.ModelSource;
import org.attentionlens.ui.common.Background;
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

    @Start
    void start(Stage stage) {
        ModelSource source = new ModelSource() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                if (id.equals("tiny-gpt2")) return LectureFixtures.model(ArchitectureKind.GPT2, 41);
                throw new ModelLoadException("no model " + id);
            }

            @Override
            public List<String> builtIns() {
                return List.of("tiny-gpt2");
            }
        };
        state = new AppState(source, Background.executor(), Settings.open());
        view = LectureTab.create(state);
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
        HeadWalk w = vm.getWalk();
        assertEquals(List.of(2, 3, 5, 1), List.of(w.layer(), w.head(), w.query(), w.key()));
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
    }

    private static void until(BooleanSupplier condition) throws Exception {
        waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
    }
}
