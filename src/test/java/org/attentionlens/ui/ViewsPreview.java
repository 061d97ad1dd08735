package org.attentionlens.ui;

import javafx.application.Application;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.decode.DecodeView;
import org.attentionlens.ui.decode.DecodeViewModel;

/**
 * Opens the real window on a given tab for screenshots: -Dpreview.model (built-in id or folder),
 * -Dpreview.text, -Dpreview.tab (tab title), -Dpreview.prompt and -Dpreview.steps (the Decode tab prefills
 * and plays that many steps), -Dpreview.layer / -Dpreview.head / -Dpreview.query, -Dpreview.font (px),
 * -Dpreview.dark, -Dpreview.contrast, -Dpreview.session (a lecture session file to open),
 * -Dpreview.stage (a lecture stage's key, with or without a session). The window fills the screen.
 */
public final class ViewsPreview extends Application {
    @Override
    public void start(Stage stage) {
        Settings settings = Settings.open();
        AppState state = new AppState(ModelProvider.REGISTRY, TaskExecutor.fx(Background.executor()), settings);
        MainWindow window = new MainWindow(state);
        settings.putDouble("windowW", 1e5);
        settings.putDouble("windowH", 1e5);
        window.show(stage);
        window.setFontSize(Double.parseDouble(System.getProperty("preview.font", "13")));
        window.setDark(Boolean.getBoolean("preview.dark"));
        window.setHighContrast(Boolean.getBoolean("preview.contrast"));
        String tab = System.getProperty("preview.tab", "Decode");
        for (Tab t : window.tabs().getTabs()) if (t.getText().equals(tab)) window.tabs().getSelectionModel().select(t);
        state.preselect(Integer.getInteger("preview.layer", 0), Integer.getInteger("preview.head", 0),
                Integer.getInteger("preview.query", 0), Integer.getInteger("preview.key", 0));
        String session = System.getProperty("preview.session"), key = System.getProperty("preview.stage");
        for (Tab t : window.tabs().getTabs())
            if (t.getContent() instanceof org.attentionlens.ui.lecture.LectureView v) {
                if (session != null) v.open(java.nio.file.Path.of(session));
                if (key != null) v.viewModel().walkProperty().addListener((o, a, w) -> {
                    if (w != null) javafx.application.Platform.runLater(() ->
                            v.viewModel().goTo(org.attentionlens.ui.lecture.LectureStage.ofKey(key)));
                });
            }
        state.analyse(System.getProperty("preview.text", AppState.DEFAULT_TEXT));
        state.loadModel(System.getProperty("preview.model", AppState.DEFAULT_MODEL));
        int steps = Integer.getInteger("preview.steps", 0);
        if (steps <= 0) return;
        for (Tab t : window.tabs().getTabs())
            if (t.getContent() instanceof DecodeView d) autoplay(state, d.viewModel(), steps);
    }

    private static void autoplay(AppState state, DecodeViewModel vm, int steps) {
        vm.speedProperty().set(10);
        vm.promptProperty().set(System.getProperty("preview.prompt", vm.promptProperty().get()));
        state.modelProperty().addListener((o, a, m) -> {
            if (m != null && m.config().causal()) javafx.application.Platform.runLater(vm::prefill);
        });
        vm.prefilledProperty().addListener((o, a, b) -> {
            if (b) vm.play();
        });
        vm.steps().addListener((ListChangeListener<DecodeStep>) c -> {
            if (vm.steps().size() >= steps) vm.pause();
        });
    }

    public static final class Main {
        public static void main(String[] args) {
            launch(ViewsPreview.class);
        }
    }
}
