package org.attentionlens.ui.input;

import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.util.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.state.AppState;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** Model picker, the text to analyse and the run button. Enter runs; editing again cancels a slow pass. */
public final class InputBar extends HBox {
    private final AppState state;
    private final MenuButton modelPicker = new MenuButton("Model");
    private final TextField text = new TextField();
    private final Button run = new Button("Run", new FontIcon(MaterialDesignP.PLAY));
    private final PauseTransition typingPause = new PauseTransition(Duration.millis(400));

    public InputBar(AppState state) {
        this.state = state;
        getStyleClass().add("input-bar");
        setSpacing(8);
        setAlignment(Pos.CENTER_LEFT);
        modelPicker.setTooltip(new Tooltip("Pick a built-in model, one in your Hugging Face cache, or open a model folder"));
        modelPicker.setOnShowing(e -> {
            fillModels();
            state.refreshCachedModels(); // refills when the scan of the disk returns
        });
        state.cachedModels().addListener((ListChangeListener<String>) c -> fillModels());
        modelPicker.getStyleClass().add("model-picker");
        text.setPromptText("Type a sentence and press Enter");
        text.setTooltip(new Tooltip("The text to analyse. It runs when you pause typing or press Enter; any Unicode is fine. Longer than the model's context? It is cut and the status bar says how much."));
        text.setText(state.textProperty().get());
        text.setOnAction(e -> runNow());
        // typing pauses re-run the text: a newer run makes a slower, older pass stale
        typingPause.setOnFinished(e -> {
            if (!text.getText().equals(state.textProperty().get()) || state.trace() == null) state.analyse(text.getText());
        });
        text.textProperty().addListener((o, a, b) -> {
            if (!b.equals(state.textProperty().get())) typingPause.playFromStart();
        });
        text.getStyleClass().add("input-text");
        run.setTooltip(new Tooltip("Run the text through the model (Enter)"));
        run.setOnAction(e -> runNow());
        run.setDefaultButton(false);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(160);
        modelPicker.setMaxWidth(340);
        run.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(modelPicker, text, run);
        state.modelProperty().addListener((o, a, b) -> showModel(b));
        state.textProperty().addListener((o, a, b) -> {
            if (!text.getText().equals(b)) text.setText(b);
        });
        showModel(state.model());
        fillModels();
    }

    private void runNow() {
        typingPause.stop();
        state.analyse(text.getText());
    }

    public TextField textField() {
        return text;
    }

    public MenuButton modelPicker() {
        return modelPicker;
    }

    public Button runButton() {
        return run;
    }

    private void showModel(LoadedModel m) {
        modelPicker.setText(m == null ? "Model ▾" : m.displayName());
    }

    private void fillModels() {
        modelPicker.getItems().clear();
        for (String id : state.source().builtIns()) {
            MenuItem item = new MenuItem(id);
            item.setOnAction(e -> state.loadModel(id));
            modelPicker.getItems().add(item);
        }
        section("In the Hugging Face cache", state.cachedModels());
        section("Recent folders", state.recentFolders());
        modelPicker.getItems().add(new SeparatorMenuItem());
        MenuItem open = new MenuItem("Open model folder…", new FontIcon(MaterialDesignF.FOLDER_OPEN));
        open.setOnAction(e -> chooseFolder());
        modelPicker.getItems().add(open);
    }

    /** A titled group of models in the picker; nothing when there are none. */
    private void section(String title, List<String> ids) {
        if (ids.isEmpty()) return;
        modelPicker.getItems().add(new SeparatorMenuItem());
        MenuItem heading = new MenuItem(title);
        heading.setDisable(true);
        heading.getStyleClass().add("menu-heading");
        modelPicker.getItems().add(heading);
        for (String id : ids) {
            MenuItem item = new MenuItem(id);
            item.setOnAction(e -> state.loadModel(id));
            modelPicker.getItems().add(item);
        }
    }

    private void chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a Hugging Face model folder (config.json, tokenizer, weights)");
        if (!state.recentFolders().isEmpty()) {
            File last = Path.of(state.recentFolders().get(0)).getParent() == null ? null
                    : Path.of(state.recentFolders().get(0)).getParent().toFile();
            if (last != null && last.isDirectory()) chooser.setInitialDirectory(last);
        }
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) state.openFolder(dir.toPath());
    }
}
