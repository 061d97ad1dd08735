package org.attentionlens.ui.app;

import org.attentionlens.io.ModelProvider;
import javafx.application.Application;
import javafx.stage.Stage;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;

/** The desktop app: opens on the remembered model and text (MiniLM-L6 and "The cat sat on the mat" at first). */
public final class App extends Application {

    @Override
    public void start(Stage stage) {
        Settings settings = Settings.open();
        AppState state = new AppState(ModelProvider.REGISTRY, TaskExecutor.fx(Background.executor()), settings);
        MainWindow window = new MainWindow(state);
        window.show(stage);
        open(state, settings);
    }

    /** Restores the last selection and text, then loads the last model (which runs the text). */
    public static void open(AppState state, Settings settings) {
        // First run: MiniLM's layer 0 head 2 attends to the previous token, so "sat" (3) looks at "cat" (2).
        state.preselect(settings.getInt("layer", 0), settings.getInt("head", 2), settings.getInt("query", 3),
                settings.getInt("key", 2));
        state.analyse(settings.get("text", AppState.DEFAULT_TEXT));
        state.loadModel(settings.get("model", AppState.DEFAULT_MODEL));
    }
}
