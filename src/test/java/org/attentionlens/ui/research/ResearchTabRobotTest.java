package org.attentionlens.ui.research;

import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.attentionlens.analysis.circuits.CircuitScores;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TestModels;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Research tab in the real window on the random-weight test models, driven by the TestFX robot (headless Monocle
 * under surefire): the lens computes when the tab is opened, patching runs from a typed corrupted prompt, the circuit
 * table fills and sorts, and an encoder is told that the lens does not apply.
 */
@ExtendWith(ApplicationExtension.class)
class ResearchTabRobotTest {
    private AppState state;
    private ResearchTab research;

    @Start
    void start(Stage stage) {
        Settings settings = Settings.open();
        settings.clear();
        settings.putDouble("windowW", 1280);
        settings.putDouble("windowH", 780);
        state = new AppState(new TestModels(), TaskExecutor.fx(Background.executor()), settings);
        new MainWindow(state).show(stage);
        load(TestModels.GPT);
    }

    private void load(String id) {
        state.analyse("the cat sat on the mat");
        state.loadModel(id);
    }

    private void awaitTrace(String id) throws TimeoutException {
        Fx.await(() -> state.trace() != null && state.model() != null && state.model().id().equals(id)
                && state.trace().model() == state.model().transformer(), "the text analysed by " + id);
    }

    private void open(FxRobot robot, String method) throws TimeoutException {
        robot.clickOn("Research");
        research = (ResearchTab) robot.lookup("#research-methods").queryAs(TabPane.class).getParent();
        robot.clickOn(method);
        Fx.await(() -> research.methods().getSelectionModel().getSelectedItem().getText().equals(method), method + " shown");
    }

    @Test
    void eachMethodRunsFromItsPane(FxRobot robot) throws TimeoutException {
        awaitTrace(TestModels.GPT);
        open(robot, "Logit lens");
        Fx.await(() -> research.lens().shownProperty().get() != null, "the lens of the text");
        assertEquals(state.model().config().layers(), Fx.call(() -> research.lens().shownProperty().get().lens().layers()));

        open(robot, "Patching");
        robot.clickOn("#corrupted-prompt").write("the dog sat on the mat");
        robot.clickOn("#patch-heads");
        Fx.await(() -> research.patching().headsProperty().get() != null, "the head patching grid");
        double[][] shares = Fx.call(() -> research.patching().headsProperty().get().shares());
        assertEquals(state.model().config().layers(), shares.length);
        assertEquals(state.model().config().heads(), shares[0].length);

        open(robot, "Circuits");
        Fx.await(() -> !research.circuits().rowsProperty().get().isEmpty(), "the circuit table");
        TableView<?> table = robot.lookup("#circuits-table").queryAs(TableView.class);
        int L = state.model().config().layers(), H = state.model().config().heads();
        Fx.await(() -> table.getItems().size() == L * H, "a row per head");
        robot.clickOn("K-composition");
        robot.clickOn("K-composition");
        Fx.await(() -> !table.getSortOrder().isEmpty(), "sorted by K-composition");
        CircuitsViewModel.Row first = Fx.call(() -> (CircuitsViewModel.Row) table.getItems().get(0));
        CircuitScores s = Fx.call(() -> research.circuits().scoresProperty().get());
        assertNotNull(first.k(), "the strongest K-composition is a head of a later layer");
        for (Object o : Fx.call(() -> java.util.List.copyOf(table.getItems()))) {
            CircuitsViewModel.Row r = (CircuitsViewModel.Row) o;
            if (r.k() != null) assertTrue(r.k().score() <= first.k().score() + 1e-12, "descending: " + r.name());
        }
        assertNotNull(s);
    }

    @Test
    void anEncoderIsToldTheLensDoesNotApply(FxRobot robot) throws TimeoutException {
        awaitTrace(TestModels.GPT);
        Fx.run(() -> load(TestModels.BERT));
        awaitTrace(TestModels.BERT);
        open(robot, "Logit lens");
        Fx.await(() -> research.lens().errorProperty().get().contains("does not apply"), "the lens declining an encoder");
        assertEquals(null, Fx.call(() -> research.lens().shownProperty().get()));
    }
}
