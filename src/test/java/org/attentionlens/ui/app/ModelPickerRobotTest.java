package org.attentionlens.ui.app;

import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.io.TinyGpt2Folder;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TestModels;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model picker lists what is in the Hugging Face cache under its own heading, by hub id, and picking one loads
 * it (the cache here is a hub id that the provider maps to a real folder written by the test).
 */
@ExtendWith(ApplicationExtension.class)
class ModelPickerRobotTest {
    private static final String HUB_ID = "tiny-org/tiny-gpt2";
    private MainWindow window;
    private AppState state;

    @Start
    void start(Stage stage) {
        Path folder;
        try {
            folder = TinyGpt2Folder.write(Files.createTempDirectory("hub").resolve("snapshot"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelProvider withCache = new ModelProvider() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                if (!id.equals(HUB_ID)) return new TestModels().load(id, progress);
                LoadedModel m = ModelRegistry.load(folder.toString(), progress);
                return new LoadedModel(HUB_ID, m.displayName(), m.transformer(), m.tokenizer(), m.stopIds());
            }

            @Override
            public List<String> builtIns() {
                return new TestModels().builtIns();
            }

            @Override
            public List<String> cachedHubModels() {
                return List.of(HUB_ID);
            }
        };
        Settings settings = Settings.open();
        settings.clear();
        state = new AppState(withCache, TaskExecutor.fx(Background.executor()), settings);
        window = new MainWindow(state);
        window.show(stage);
        state.analyse("the cat sat");
        state.loadModel(TestModels.BERT);
    }

    @Test
    void cachedModelsAppearUnderTheirHeadingAndLoadWhenPicked(FxRobot robot) throws TimeoutException {
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the first pass");
        robot.clickOn(window.input().modelPicker());
        Fx.await(() -> window.input().modelPicker().getItems().stream().anyMatch(i -> HUB_ID.equals(i.getText())),
                "the scan of the cache");
        List<String> items = Fx.call(() -> window.input().modelPicker().getItems().stream().map(MenuItem::getText)
                .toList());
        int heading = items.indexOf("In the Hugging Face cache");
        assertTrue(heading > 0, "a heading names the section: " + items);
        assertEquals(HUB_ID, items.get(heading + 1));
        robot.clickOn(HUB_ID);
        Fx.await(() -> state.model() != null && state.model().id().equals(HUB_ID) && state.trace() != null
                && state.trace().config().causal() && !state.busyProperty().get(), "the cached model's pass");
        assertEquals(HUB_ID, state.settings().get("model", ""));
    }
}
