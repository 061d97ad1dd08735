package org.attentionlens.ui.research;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;

import java.nio.file.Path;

/**
 * Opens the real window on one research method for screenshots: -Dpreview.model, -Dpreview.text,
 * -Dpreview.method (the sub-tab's title), -Dpreview.target / -Dpreview.versus, -Dpreview.corrupted,
 * -Dpreview.layer / -Dpreview.head / -Dpreview.query / -Dpreview.key, -Dpreview.font (px), and -Dpreview.action:
 * heads, residual (patching), knockout, ablate (mean), compute (circuits), compare=FOLDER, timeline=RUN_FOLDER.
 */
public final class ResearchPreview extends Application {
    @Override
    public void start(Stage stage) {
        if (System.getProperty("attentionlens.prefs") == null) System.setProperty("attentionlens.prefs", "preview"); // never the user's own settings
        Settings settings = Settings.open();
        settings.clear();
        AppState state = new AppState(ModelProvider.REGISTRY, TaskExecutor.fx(Background.executor()), settings);
        MainWindow window = new MainWindow(state);
        settings.putDouble("windowW", 1e5);
        settings.putDouble("windowH", 1e5);
        window.show(stage);
        window.setFontSize(Double.parseDouble(System.getProperty("preview.font", "13")));
        window.setDark(Boolean.getBoolean("preview.dark"));
        ResearchTab research = null;
        for (Tab t : window.tabs().getTabs())
            if (t.getContent() instanceof ResearchTab r) {
                window.tabs().getSelectionModel().select(t);
                research = r;
            }
        String method = System.getProperty("preview.method", "Logit lens");
        for (Tab t : research.methods().getTabs()) if (t.getText().equals(method)) research.methods().getSelectionModel().select(t);
        String target = System.getProperty("preview.target", ""), versus = System.getProperty("preview.versus", "");
        research.lens().targetProperty().set(target);
        research.attribution().targetProperty().set(target);
        research.attribution().versusProperty().set(versus);
        research.patching().targetProperty().set(target);
        research.patching().versusProperty().set(versus);
        research.patching().corruptedProperty().set(System.getProperty("preview.corrupted", ""));
        state.preselect(Integer.getInteger("preview.layer", 0), Integer.getInteger("preview.head", 0),
                Integer.getInteger("preview.query", 0), Integer.getInteger("preview.key", 0));
        ResearchTab r = research;
        boolean[] done = {false};
        state.traceProperty().addListener((o, a, t) -> {
            if (t == null || done[0]) return;
            done[0] = true;
            Platform.runLater(() -> act(r, System.getProperty("preview.action", "")));
        });
        state.analyse(System.getProperty("preview.text", AppState.DEFAULT_TEXT));
        state.loadModel(System.getProperty("preview.model", "brown-gpt"));
    }

    private static void act(ResearchTab r, String action) {
        switch (action.split("=", 2)[0]) {
            case "heads" -> r.patching().patchHeads();
            case "residual" -> r.patching().patchResidual();
            case "both" -> {
                r.patching().patchHeads();
                r.patching().patchResidual();
            }
            case "knockout" -> {
                r.knockout().useSelectedCell();
                r.knockout().knockOut();
            }
            case "ablate" -> {
                r.knockout().ablationProperty().set(org.attentionlens.analysis.Ablation.Mode.MEAN);
                r.knockout().ablateSelectedHead();
            }
            case "compute" -> r.circuits().computeNow();
            case "compare" -> r.compare().compareWith(action.split("=", 2)[1]);
            case "timeline" -> r.timeline().open(Path.of(action.split("=", 2)[1]));
            default -> {
            }
        }
    }

    public static final class Main {
        public static void main(String[] args) {
            launch(ResearchPreview.class);
        }
    }
}
