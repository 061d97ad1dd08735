package org.attentionlens.ui;

import javafx.application.Application;
import javafx.stage.Stage;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Settings;

/** Opens the real window on the random test models (for looking at layouts without a checkpoint). */
public final class DevApp extends Application {
    @Override
    public void start(Stage stage) {
        Settings settings = Settings.open();
        AppState state = new AppState(new TestModels(), TaskExecutor.fx(Background.executor()), settings);
        new MainWindow(state).show(stage);
        state.analyse(System.getProperty("dev.text", "The cat sat on the mat because it was extraordinarily comfortable"));
        state.loadModel(System.getProperty("dev.model", TestModels.BERT));
    }

    /** A main outside the Application subclass, so the class path launch works without the module path. */
    public static final class Main {
        public static void main(String[] args) {
            launch(DevApp.class);
        }
    }
}
