package org.attentionlens.ui.app;

import javafx.application.Application;
import javafx.stage.Stage;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;

/** The desktop app: opens on the remembered model and text (MiniLM-L6 and "The cat sat on the mat" at first). */
public final class App extends Application {

    @Override
    public void start(Stage stage) {
        Settings settings = Settings.open();
        AppState state = new AppState(ModelSource.REGISTRY, Background.executor(), settings);
        MainWindow window = new MainWindow(state);
        window.show(stage);
        open(state, settings);
    }

    /** Restores the last selection and text, then loads the last model (which runs the text). */
    public static void open(AppState state, Settings settings) {
        state.preselect(settings.getInt("layer", 0), settings.getInt("head", 0), settings.getInt("query", 0),
                settings.getInt("key", 0));
        state.analyse(settings.get("text", AppState.DEFAULT_TEXT));
        state.loadModel(settings.get("model", AppState.DEFAULT_MODEL));
    }
}
