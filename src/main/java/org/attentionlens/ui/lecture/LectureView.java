package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

import java.io.File;
import java.nio.file.Path;

/**
 * The lecture on screen: stage title and context on top, the stage's numbers in the middle with the presenter's
 * notes over them, the caption in large type below, the list of stages on the left. Keys: PageDown, →, ↓, Space
 * go forward; PageUp, ←, ↑, Backspace, Shift+Space go back (what presentation clickers send); Home and End jump
 * to the ends; F5 or F11 toggles full screen, Esc leaves it; D toggles the dark theme.
 */
public final class LectureView extends BorderPane {
    private static final String CSS = LectureView.class.getResource("lecture.css").toExternalForm();

    private final LectureViewModel vm;
    private final FitPane slide = new FitPane();
    private final AnnotationLayer annotations;
    private final VBox stageList = new VBox();
    private final java.util.List<Label> stageItems = new java.util.ArrayList<>();
    private final Label stageTitle = new Label();
    private final Label context = new Label();
    private final Label status = new Label();
    private final Label caption = new Label();
    private final Label progress = new Label();
    private final Button back = new Button("◀");
    private final Button next = new Button("Next ▶");
    private final ToggleButton decode = new ToggleButton("Decode step");
    private Path lastFolder;
    private final InvalidationListener onChange = o -> refresh(); // strong reference for the weak registrations
    private final InvalidationListener onStages = o -> {
        listStages();
        refresh();
    };

    public LectureView(LectureViewModel vm) {
        this.vm = vm;
        this.annotations = new AnnotationLayer(vm);
        createView();
        initListeners();
        refresh();
    }

    public LectureViewModel viewModel() {
        return vm;
    }

    private void createView() {
        getStylesheets().add(CSS);
        getStyleClass().add("lecture");
        setFocusTraversable(true);

        stageTitle.setId("stage-title");
        stageTitle.getStyleClass().add("stage-title");
        context.setId("lecture-context");
        context.getStyleClass().add("context");
        status.setId("lecture-status");
        status.getStyleClass().add("status");
        ToggleGroup tools = new ToggleGroup();
        ToggleButton note = tool(MaterialDesignC.COMMENT_TEXT_OUTLINE, "Pin a note: click on the slide, type, Enter",
                tools, AnnotationLayer.Tool.NOTE);
        ToggleButton arrow = tool(MaterialDesignA.ARROW_TOP_RIGHT_THICK, "Draw an arrow: drag on the slide", tools,
                AnnotationLayer.Tool.ARROW);
        tools.selectedToggleProperty().addListener((o, a, b) -> annotations.toolProperty().set(
                b == null ? AnnotationLayer.Tool.NONE : (AnnotationLayer.Tool) b.getUserData()));
        annotations.toolProperty().addListener((o, a, b) -> {
            if (b == AnnotationLayer.Tool.NONE) tools.selectToggle(null);
        });
        decode.setId("decode-toggle");
        decode.setFocusTraversable(false);
        decode.setMinWidth(Region.USE_PREF_SIZE);
        decode.setTooltip(new Tooltip("Walk one decode step of the query token: only its q, k, v are computed, "
                + "earlier keys and values come from the KV cache (causal models)"));
        decode.setOnAction(e -> vm.setDecode(decode.isSelected()));
        Button save = button(MaterialDesignC.CONTENT_SAVE, "Save the session: model, text, selection, stage, notes",
                this::save);
        Button open = button(MaterialDesignF.FOLDER_OPEN, "Open a saved lecture session", this::open);
        Button dark = button(MaterialDesignT.THEME_LIGHT_DARK, "Dark or light slides (D)", this::toggleDark);
        Button full = button(MaterialDesignF.FULLSCREEN, "Full screen (F5); Esc leaves it", this::toggleFullScreen);
        save.setId("save-session");
        save.disableProperty().bind(vm.walkProperty().isNull());
        open.setId("open-session");
        full.setId("full-screen");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        stageTitle.setMinWidth(0);
        status.setMinWidth(0);
        HBox top = new HBox(stageTitle, spacer, status, decode, note, arrow, save, open, dark, full);
        top.getStyleClass().add("top");
        top.setAlignment(Pos.CENTER_LEFT);
        setTop(top);

        // Left: what is followed, the stages, and the way forward and back.
        context.setWrapText(true);
        context.setMinHeight(Region.USE_PREF_SIZE);
        stageList.getStyleClass().add("stage-list");
        listStages();
        back.setId("back");
        next.setId("next");
        back.setTooltip(new Tooltip("Back (PageUp, ←, Backspace)"));
        next.setTooltip(new Tooltip("Next (PageDown, →, Space)"));
        back.setFocusTraversable(false);
        next.setFocusTraversable(false);
        back.setMinWidth(Region.USE_PREF_SIZE);
        next.setMinWidth(Region.USE_PREF_SIZE);
        back.setOnAction(e -> vm.back());
        next.setOnAction(e -> vm.next());
        progress.setId("progress");
        progress.setMinWidth(Region.USE_PREF_SIZE);
        progress.getStyleClass().add("progress");
        HBox nav = new HBox(back, progress, next);
        nav.getStyleClass().add("nav");
        nav.setAlignment(Pos.CENTER);
        nav.setMinWidth(Region.USE_PREF_SIZE);
        // The list scrolls when the window is short, so the caption and the way forward always stay on screen.
        javafx.scene.control.ScrollPane list = new javafx.scene.control.ScrollPane(stageList);
        list.setFitToWidth(true);
        list.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        list.getStyleClass().add("stage-scroll");
        list.setMinHeight(0);
        setLeft(list);

        StackPane centre = new StackPane(slide, annotations);
        centre.getStyleClass().add("slide-area");
        centre.setId("slide-area");
        setCenter(centre);

        caption.setId("caption");
        caption.getStyleClass().add("caption");
        caption.setWrapText(true);
        caption.setMaxWidth(Double.MAX_VALUE);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        HBox bottom = new HBox(18, nav, caption);
        bottom.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(caption, Priority.ALWAYS);
        bottom.getStyleClass().add("bottom");
        setBottom(bottom);
    }

    /** One item per stage of the followed walk's recipe, under what is followed. */
    private void listStages() {
        stageItems.clear();
        stageList.getChildren().setAll(context);
        for (int i = 0; i < vm.stages().size(); i++) {
            LectureStage s = vm.stages().get(i);
            Label item = new Label((i + 1) + "  " + s.title());
            item.setId("stage-item-" + s.key());
            item.getStyleClass().add("stage-item");
            item.setMaxWidth(Double.MAX_VALUE);
            int index = i;
            item.setOnMouseClicked(e -> vm.goTo(index));
            stageItems.add(item);
            stageList.getChildren().add(item);
        }
    }

    private void initListeners() {
        // Weak: a full-screen window's view goes away with its window while the view model lives on.
        vm.stageProperty().addListener(new WeakInvalidationListener(onChange));
        vm.walkProperty().addListener(new WeakInvalidationListener(onChange));
        vm.stages().addListener(new WeakInvalidationListener(onStages));
        status.textProperty().bind(vm.statusProperty());
        addEventFilter(KeyEvent.KEY_PRESSED, this::key);
        addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (!(e.getTarget() instanceof TextInputControl)) requestFocus();
        });
    }

    /**
     * The clicker's keys (and Home/End, F5, D, Esc); consumed when handled. The main window hands them over while
     * this tab is shown, wherever the focus is, so they turn slides instead of the tab header's selection.
     */
    public void key(KeyEvent e) {
        if (e.isConsumed() || e.getTarget() instanceof TextInputControl) return;
        KeyCode k = e.getCode();
        boolean handled = true;
        switch (k) {
            case PAGE_DOWN, RIGHT, DOWN, N -> vm.next();
            case PAGE_UP, LEFT, UP, BACK_SPACE, P -> vm.back();
            case SPACE -> {
                if (e.isShiftDown()) vm.back();
                else vm.next();
            }
            case HOME -> vm.goTo(0);
            case END -> vm.goTo(vm.stages().size() - 1);
            case F5, F11 -> toggleFullScreen();
            case D -> toggleDark();
            case ESCAPE -> {
                handled = annotations.toolProperty().get() != AnnotationLayer.Tool.NONE;
                annotations.toolProperty().set(AnnotationLayer.Tool.NONE);
            }
            default -> handled = false;
        }
        if (handled) e.consume();
    }

    private void refresh() {
        HeadWalk w = vm.getWalk();
        int index = vm.stages().indexOf(vm.getStage());
        stageTitle.setText(vm.titleProperty().get());
        caption.setText(vm.captionProperty().get());
        progress.setText((index + 1) + " / " + vm.stages().size());
        back.setDisable(!vm.canGoBack());
        next.setDisable(!vm.canGoNext());
        for (int i = 0; i < stageItems.size(); i++) {
            var item = stageItems.get(i).getStyleClass();
            item.remove("current");
            if (i == index) item.add("current");
        }
        LectureSource source = vm.getSource();
        decode.setSelected(source != null && source.isDecode());
        decode.setDisable(source == null || !source.model().config().causal());
        if (w == null) {
            context.setText("No text loaded");
            slide.setContent(new Label());
            return;
        }
        context.setText(source.model().displayName() + "\nlayer " + w.layer() + " · head " + w.head() + "\nquery “"
                + w.token(w.query()) + "” (token " + w.query() + ")" + (w.decode() ? " · decode step" : ""));
        slide.setContent(StagePanels.build(vm.getStage(), w, source));
    }

    private void toggleDark() {
        if (!getStyleClass().remove("dark")) getStyleClass().add("dark");
    }

    private void toggleFullScreen() {
        Window window = getScene() == null ? null : getScene().getWindow();
        if (window instanceof Stage stage && LectureWindow.isLectureWindow(stage))
            stage.setFullScreen(!stage.isFullScreen());
        else LectureWindow.open(vm, window);
    }

    private void save() {
        if (vm.getSource() == null) return; // the button is disabled then
        FileChooser chooser = chooser("Save lecture session");
        chooser.setInitialFileName("lecture.json");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file == null) return;
        lastFolder = file.toPath().getParent();
        vm.save(file.toPath());
    }

    private void open() {
        File file = chooser("Open lecture session").showOpenDialog(getScene().getWindow());
        if (file != null) open(file.toPath());
    }

    /** Opens a session file: the whole app shows its model, text and selection, the lecture its stage and notes. */
    public void open(Path file) {
        lastFolder = file.getParent();
        vm.open(file);
    }

    private FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lecture sessions (*.json)", "*.json"));
        Path folder = lastFolder != null ? lastFolder : Path.of("samples");
        if (folder.toFile().isDirectory()) chooser.setInitialDirectory(folder.toFile());
        return chooser;
    }

    private static ToggleButton tool(Ikon icon, String tip, ToggleGroup group, AnnotationLayer.Tool tool) {
        ToggleButton b = new ToggleButton(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setToggleGroup(group);
        b.setUserData(tool);
        b.setFocusTraversable(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setId("tool-" + tool.name().toLowerCase(java.util.Locale.ROOT));
        return b;
    }

    private static Button button(Ikon icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.setTooltip(new Tooltip(tip));
        b.setFocusTraversable(false);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> action.run());
        return b;
    }
}
