package org.attentionlens.ui.heads;

import javafx.scene.control.TableRow;
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

/** The head table in the real main window: L × H rows; a click selects the head, a double-click opens it. */
@ExtendWith(ApplicationExtension.class)
class HeadTableFlowTest {
    private AppState state;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        window = TinyModelSource.openWindow(stage);
        state = window.state();
        state.analyse("the cat sat on the mat and the cat ran");
        state.loadModel(TinyModelSource.GPT);
    }

    @Test
    void tableHasEveryHeadAndARowClickSelectsIt(FxRobot robot) throws Exception {
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the expected state");
        robot.clickOn("Head table");
        HeadTableView view = robot.lookup(".head-table-view").queryAs(HeadTableView.class);
        var c = state.model().config();
        Fx.await(() -> view.table().getItems().size() == c.layers() * c.heads() && !view.viewModel().computingProperty().get(), "the expected state");
        assertEquals(8, view.table().getItems().size(), "2 layers × 4 heads");

        HeadRow target = Fx.call(() -> view.table().getItems().stream()
                .filter(r -> r.layer() == 1 && r.head() == 3).findFirst().orElseThrow());
        robot.interact(() -> view.table().scrollTo(target));
        TableRow<?> row = robot.lookup(".table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() == target).findFirst().orElseThrow();
        robot.clickOn(row);
        Fx.await(() -> state.layer() == 1 && state.head() == 3, "the expected state");
        assertEquals("Head table", window.tabs().getSelectionModel().getSelectedItem().getText(), "a click only selects");

        robot.clickOn("Ablation");
        robot.clickOn("#ablate");
        Fx.await(() -> view.viewModel().ablationProperty().get() != null, "the expected state");
        assertEquals(0.0, view.ablationGrid().value(1, 0), "no head in the ablated head's own layer changes");
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        ImageExport.writePng(Fx.call(() -> ImageExport.snapshot(window.root(), 1)), dir.resolve("head-table.png"));
        robot.clickOn("Head A − head B");
        Fx.await(() -> view.viewModel().differenceProperty().get() != null, "the expected state");
        ImageExport.writePng(Fx.call(() -> ImageExport.snapshot(window.root(), 1)), dir.resolve("head-table-diff.png"));
        robot.clickOn("Attention rollout");
        Fx.await(() -> view.viewModel().rolloutProperty().get() != null, "the expected state");
        ImageExport.writePng(Fx.call(() -> ImageExport.snapshot(window.root(), 1)), dir.resolve("head-table-rollout.png"));
        var toggles = robot.lookup(".hide-sinks").queryAllAs(javafx.scene.control.ToggleButton.class);
        assertEquals(3, toggles.size(), "Hide sinks over the comparison, difference and rollout matrices");
        robot.interact(() -> toggles.stream().filter(javafx.scene.Node::isVisible).reduce((a, b) -> b).orElseThrow().fire());
        assertTrue(toggles.stream().allMatch(javafx.scene.control.ToggleButton::isSelected), "one setting for every pane");
        boolean[] hidden = Fx.call(() -> view.viewModel().hiddenColumns(state.trace()));
        assertTrue(hidden[0], "the first key is left out");

        robot.doubleClickOn(row);
        Fx.await(() -> window.tabs().getSelectionModel().getSelectedItem().getText().equals("Heads"), "the expected state");
        assertEquals(1, state.layer());
        assertEquals(3, state.head());
    }
}
