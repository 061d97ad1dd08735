package org.attentionlens.ui.app;

import javafx.stage.Stage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.OpenFiles;
import org.attentionlens.io.Progress;
import org.attentionlens.io.TinyGpt2Folder;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The app is long-running: when the user opens another model, the one closed must leave nothing behind. A model
 * folder (its tokenizer.json read by the native Hugging Face library) is opened in the real window and shown in
 * every tab; then another model is opened, and the first one's model, weights and tokenizer must become garbage
 * (nothing in the window keeps them), and no file of its folder may stay open.
 */
@ExtendWith(ApplicationExtension.class)
class ModelSwitchReleaseTest {
    @TempDir
    static Path dir;
    private MainWindow window;
    private AppState state;
    private final List<WeakReference<Object>> first = new ArrayList<>();

    @Start
    void start(Stage stage) {
        Settings settings = Settings.open();
        settings.clear();
        settings.putDouble("windowW", 1280);
        settings.putDouble("windowH", 800);
        TinyModelSource models = new TinyModelSource();
        ModelProvider watched = new ModelProvider() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                LoadedModel m = models.load(id, progress);
                if (first.isEmpty())
                    for (Object o : new Object[]{m, m.transformer(), m.tokenizer()}) first.add(new WeakReference<>(o));
                return m;
            }

            @Override
            public List<String> builtIns() {
                return models.builtIns();
            }
        };
        state = new AppState(watched, TaskExecutor.fx(Background.executor()), settings);
        window = new MainWindow(state);
        window.show(stage);
    }

    @Test
    void theWeightsOfAClosedModelAreReleasedWhenAnotherIsOpened() throws Exception {
        Path folder = TinyGpt2Folder.write(dir.resolve("gpt2-folder"), "F32", false, true);
        Fx.run(() -> {
            state.analyse("the cat sat on the mat");
            state.openFolder(folder);
        });
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the folder's first pass");
        assertEquals(3, first.size(), "the folder was loaded through the provider");
        for (int tab = 0; tab < Fx.call(() -> window.tabs().getTabs().size()); tab++) {
            int t = tab;
            Fx.run(() -> window.tabs().getSelectionModel().select(t));
            Fx.await(() -> !state.busyProperty().get(), "tab " + t);
        }
        Fx.run(() -> window.tabs().getSelectionModel().select(0));

        Fx.run(() -> state.loadModel(TinyModelSource.BERT));
        Fx.await(() -> state.model() != null && state.model().id().equals(TinyModelSource.BERT)
                && state.trace() != null && !state.busyProperty().get(), "the second model's pass");

        for (int i = 0; i < 50 && first.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(100);
        }
        String[] what = {"the closed model", "its weights", "its tokenizer"};
        for (int i = 0; i < first.size(); i++)
            assertNull(first.get(i).get(), what[i] + " is still reachable after another model was opened");
        assertTrue(OpenFiles.under(folder).isEmpty(), "files of the closed model's folder left open: " + OpenFiles.under(folder));
    }
}
