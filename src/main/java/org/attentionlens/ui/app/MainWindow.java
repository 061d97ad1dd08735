package org.attentionlens.ui.app;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.geometry.Rectangle2D;
import javafx.stage.DirectoryChooser;
import javafx.stage.Screen;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.attentionlens.io.AtomicWrite;
import org.attentionlens.io.TraceExport;
import org.attentionlens.viz.figure.Figure;
import org.attentionlens.viz.figure.PdfWriter;
import org.attentionlens.viz.figure.SvgWriter;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.ui.common.HeadCsv;
import org.attentionlens.ui.common.ImageExport;
import org.attentionlens.ui.decode.DecodeView;
import org.attentionlens.ui.decode.DecodeViewModel;
import org.attentionlens.ui.grid.ModelGridView;
import org.attentionlens.ui.grid.ModelGridViewModel;
import org.attentionlens.ui.head.HeadView;
import org.attentionlens.ui.head.HeadViewModel;
import org.attentionlens.ui.heads.HeadTableView;
import org.attentionlens.ui.heads.HeadTableViewModel;
import org.attentionlens.ui.input.InputBar;
import org.attentionlens.ui.input.TokenFind;
import org.attentionlens.ui.input.TokenStrip;
import org.attentionlens.ui.lecture.LectureTab;
import org.attentionlens.ui.lecture.LectureView;
import org.attentionlens.ui.lines.LinesView;
import org.attentionlens.ui.lines.LinesViewModel;
import org.attentionlens.ui.research.ResearchTab;
import org.attentionlens.ui.state.AppState;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The main window, where the features are put together: input and tokens on top, a tab per view in the centre,
 * the status bar below. Owns the theme (light/dark, high contrast, font zoom), the exports and the keyboard
 * shortcuts (which yield to the Lecture tab while it is shown: there the clicker's keys turn slides); everything
 * it shows comes from the one {@link AppState}.
 */
public final class MainWindow {
    public static final double FONT_DEFAULT = 13, FONT_PRESENTATION = 20, FONT_MIN = 9, FONT_MAX = 40;

    private final AppState state;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final InputBar input;
    private final TokenStrip tokens;
    private final TokenFind find;
    private final HeadView headView;
    private final ModelGridView gridView;
    private final LinesView linesView;
    private final Tab headsTab, lectureTab;
    private final LectureView lectureView;
    private final Spinner<Integer> layerSpinner = new Spinner<>(), headSpinner = new Spinner<>();
    private final Label selection = new Label();
    private final Label message = new Label();
    private final ToggleButton dark = new ToggleButton("Dark", new FontIcon(MaterialDesignT.THEME_LIGHT_DARK));
    private final ToggleButton highContrast = new ToggleButton("Contrast", new FontIcon(MaterialDesignC.CONTRAST_BOX));
    private final ToggleButton present = new ToggleButton("Present", new FontIcon(MaterialDesignP.PRESENTATION));
    private final Scene scene;
    private final VBox top = new VBox(6);
    private final Label keys = new Label("PgUp/PgDn layer · [ ] head · arrows move the cell · Ctrl+click several tokens");
    private MenuButton export;
    private double fontSize;

    public MainWindow(AppState state) {
        this.state = state;
        input = new InputBar(state);
        tokens = new TokenStrip(state);
        find = new TokenFind(state, tokens::reveal);
        headView = new HeadView(new HeadViewModel(state));
        gridView = new ModelGridView(new ModelGridViewModel(state), this::openHeads);
        linesView = new LinesView(new LinesViewModel(state));
        headsTab = addTab("Heads", headView);
        headsTab.setTooltip(new Tooltip("One head: raw scores, softmax weights and value contributions, and the arithmetic of one cell"));
        Tab grid = addTab("Model view", gridView);
        grid.setTooltip(new Tooltip("Every layer × head at a glance; click one to open it"));
        Tab lines = addTab("Lines", linesView);
        lines.setTooltip(new Tooltip("Tokens in two columns joined by lines as strong as the weights"));
        grid.selectedProperty().addListener((o, a, on) -> gridView.viewModel().setActive(on));
        lines.selectedProperty().addListener((o, a, on) -> linesView.viewModel().setActive(on));
        createView();
        scene = new Scene(root, 1400, 900);
        scene.getStylesheets().add(MainWindow.class.getResource("theme.css").toExternalForm());
        initListeners();
        addTab("Decode", new DecodeView(new DecodeViewModel(state, this::openHeads)))
                .setTooltip(new Tooltip("Generate token by token and watch the KV cache grow (causal models)"));
        Tab table = addTab("Head table", null);
        table.setContent(new HeadTableView(new HeadTableViewModel(state), this::openHeads, table.selectedProperty()));
        table.setTooltip(new Tooltip("Every head's statistics, kinds, comparisons, ablation and rollout"));
        Tab research = addTab("Research", null);
        research.setContent(new ResearchTab(state, research.selectedProperty()));
        research.setTooltip(new Tooltip("What heads do for the output: logit lens, attribution, patching, knockout, "
                + "circuit scores, checkpoints compared"));
        lectureTab = new Tab("Lecture");
        lectureView = LectureTab.create(state, lectureTab.selectedProperty());
        lectureTab.setContent(lectureView);
        lectureTab.setClosable(false);
        tabs.getTabs().add(lectureTab);
        lectureTab.setTooltip(new Tooltip("One head's computation step by step with this pass's numbers, for teaching"));
        lectureTab.selectedProperty().addListener((o, a, b) -> showTopBar());
        setDark(state.settings().getBoolean("dark", false));
        setHighContrast(state.settings().getBoolean("highContrast", false));
        setFontSize(state.settings().getDouble("fontSize", FONT_DEFAULT));
    }

    // ---- For other features and tests ------------------------------------------------------------------

    private Tab addTab(String title, Node content) {
        Tab t = new Tab(title, content);
        t.setClosable(false);
        tabs.getTabs().add(t);
        return t;
    }

    public AppState state() {
        return state;
    }

    public Scene scene() {
        return scene;
    }

    public Parent root() {
        return root;
    }

    public TabPane tabs() {
        return tabs;
    }

    public InputBar input() {
        return input;
    }

    public TokenStrip tokenStrip() {
        return tokens;
    }

    public TokenFind tokenFind() {
        return find;
    }

    public HeadView headView() {
        return headView;
    }

    public ModelGridView gridView() {
        return gridView;
    }

    public LinesView linesView() {
        return linesView;
    }

    /**
     * Shows the window with the remembered size and place, kept on the screen (a projector of 1280 × 720 gets a
     * window that fits it, not one hanging off its edges); saves size and settings on close.
     */
    public void show(Stage stage) {
        var s = state.settings();
        stage.setTitle("Attention Lens");
        stage.setScene(scene);
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(s.getDouble("windowW", 1400), screen.getWidth());
        double h = Math.min(s.getDouble("windowH", 900), screen.getHeight());
        stage.setWidth(w);
        stage.setHeight(h);
        double x = s.getDouble("windowX", Double.NaN), y = s.getDouble("windowY", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && screen.contains(x, y) && screen.contains(x + w - 1, y + h - 1)) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.setX(screen.getMinX() + (screen.getWidth() - w) / 2);
            stage.setY(screen.getMinY() + (screen.getHeight() - h) / 2);
        }
        stage.setOnHiding(e -> {
            s.putDouble("windowW", stage.getWidth());
            s.putDouble("windowH", stage.getHeight());
            s.putDouble("windowX", stage.getX());
            s.putDouble("windowY", stage.getY());
        });
        stage.show();
    }

    // ---- Theme -------------------------------------------------------------------------------------------

    public void setDark(boolean on) {
        root.getStyleClass().removeAll("theme-light", "theme-dark");
        root.getStyleClass().add(on ? "theme-dark" : "theme-light");
        dark.setSelected(on);
        state.settings().putBoolean("dark", on);
    }

    public void setHighContrast(boolean on) {
        root.getStyleClass().remove("high-contrast");
        if (on) root.getStyleClass().add("high-contrast");
        highContrast.setSelected(on);
        state.settings().putBoolean("highContrast", on);
    }

    /**
     * The UI font size in px: presentation mode and Ctrl+Plus/Minus change it; canvases follow. From the
     * presentation size up the window makes room for what the back row must read: toolbar buttons show icons only,
     * the key hints and the cell-details panel step aside, and the Lecture tab gets the whole window.
     */
    public void setFontSize(double px) {
        fontSize = Math.max(FONT_MIN, Math.min(FONT_MAX, px));
        root.setStyle("-fx-font-size: " + fontSize + "px;");
        boolean presenting = fontSize >= FONT_PRESENTATION;
        present.setSelected(presenting);
        for (javafx.scene.control.Labeled b : java.util.List.of(export, present, highContrast, dark))
            b.setContentDisplay(presenting ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                    : javafx.scene.control.ContentDisplay.LEFT);
        keys.setVisible(!presenting);
        keys.setManaged(!presenting);
        headView.setPresenting(presenting);
        showTopBar();
        state.settings().putDouble("fontSize", fontSize);
    }

    public boolean presenting() {
        return fontSize >= FONT_PRESENTATION;
    }

    /** In presentation mode the Lecture tab (which names its model, text and token itself) takes the whole window. */
    private void showTopBar() {
        boolean hide = presenting() && lectureTab != null && lectureTab.isSelected();
        top.setVisible(!hide);
        top.setManaged(!hide);
    }

    public double fontSize() {
        return fontSize;
    }

    // ---- Export ------------------------------------------------------------------------------------------

    /** The selected tab's content as a PNG at the given scale (2 for slides). */
    public CompletableFuture<Path> exportViewPng(Path file, double scale) {
        var image = ImageExport.snapshot(tabs.getSelectionModel().getSelectedItem().getContent(), scale);
        return state.export("Export PNG", ctx -> {
            ImageExport.writePng(image, file);
            return file;
        });
    }

    /** The selected tab's content as an image on the clipboard (paste into slides). */
    public void copyViewImage() {
        ClipboardContent content = new ClipboardContent();
        content.putImage(ImageExport.snapshot(tabs.getSelectionModel().getSelectedItem().getContent(), 2));
        Clipboard.getSystemClipboard().setContent(content);
        state.say("Copied this view to the clipboard as an image (2×)");
    }

    /**
     * A vector figure of the view for papers: the Lines tab's lines, or else the selected head's three matrices
     * (coloured as on screen). SVG or PDF by the file's extension.
     */
    public CompletableFuture<Path> exportFigure(Path file) {
        AttentionTrace t = state.trace();
        if (t == null) return nothingYet();
        boolean pdf = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".pdf");
        boolean lines = tabs.getSelectionModel().getSelectedItem().getContent() == linesView
                && linesView.viewModel().linesProperty().get() != null;
        var ls = linesView.viewModel().linesProperty().get();
        var rows = state.queries();
        int l = state.layer(), h = state.head();
        var options = headView.viewModel().optionsProperty().get();
        return state.export(pdf ? "Export PDF" : "Export SVG", ctx -> {
            Figure f = lines ? LinesViewModel.figure(ls, rows) : HeadViewModel.figure(t, l, h, options);
            AtomicWrite.write(file, out -> {
                if (pdf) PdfWriter.write(f, out);
                else SvgWriter.write(f, new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
            });
            return file;
        });
    }

    /** The selected head's scores, weights and contributions as a tidy CSV. */
    public CompletableFuture<Path> exportHeadCsv(Path file) {
        AttentionTrace t = state.trace();
        if (t == null) return nothingYet();
        int l = state.layer(), h = state.head();
        var tokenizer = state.model().tokenizer();
        return state.export("Export CSV", ctx -> {
            HeadMatrices m = t.head(l, h);
            HeadCsv.write(m, t.tokens().ids(), tokenizer, file);
            return file;
        });
    }

    /** The whole capture as the CLI's JSON (every layer and head, tokens, ids). */
    public CompletableFuture<Path> exportJson(Path file) {
        AttentionTrace t = state.trace();
        if (t == null) return nothingYet();
        var tokenizer = state.model().tokenizer();
        return state.export("Export JSON", ctx -> {
            TraceExport.writeJson(t, tokenizer, file);
            return file;
        });
    }

    /** The whole capture as NumPy .npy files in a folder, with tokens.json to label them. */
    public CompletableFuture<Path> exportNpy(Path dir) {
        AttentionTrace t = state.trace();
        if (t == null) return nothingYet();
        var tokenizer = state.model().tokenizer();
        return state.export("Export NumPy", ctx -> {
            TraceExport.writeNpy(t, tokenizer, dir);
            return dir;
        });
    }

    private static CompletableFuture<Path> nothingYet() {
        return CompletableFuture.failedFuture(new IllegalStateException("Nothing analysed yet: run a text first."));
    }

    // ---- View --------------------------------------------------------------------------------------------

    private void createView() {
        root.getStyleClass().add("main-window");
        export = new MenuButton("Export", new FontIcon(MaterialDesignE.EXPORT));
        export.setTooltip(new Tooltip("Save the current view as an image, or the numbers as files"));
        MenuItem png = new MenuItem("This view as PNG (2× for slides)…");
        png.setOnAction(e -> choose("attention.png", "PNG image", "*.png").ifPresent(f -> exportViewPng(f, 2)));
        MenuItem csv = new MenuItem("This head as CSV (scores, weights, contributions)…");
        csv.setOnAction(e -> choose(String.format("layer%d-head%d.csv", state.layer(), state.head()), "CSV", "*.csv")
                .ifPresent(this::exportHeadCsv));
        MenuItem json = new MenuItem("Whole capture as JSON…");
        json.setOnAction(e -> choose("capture.json", "JSON", "*.json").ifPresent(this::exportJson));
        MenuItem npy = new MenuItem("Whole capture as NumPy .npy files (choose a folder)…");
        npy.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Folder for the .npy files");
            File dir = dc.showDialog(scene.getWindow());
            if (dir != null) exportNpy(dir.toPath());
        });
        MenuItem svg = new MenuItem("Figure for papers as SVG (this head's matrices, or the lines)…");
        svg.setOnAction(e -> choose("attention.svg", "SVG", "*.svg").ifPresent(this::exportFigure));
        MenuItem pdf = new MenuItem("Figure for papers as PDF…");
        pdf.setOnAction(e -> choose("attention.pdf", "PDF", "*.pdf").ifPresent(this::exportFigure));
        MenuItem copy = new MenuItem("Copy this view as an image");
        copy.setOnAction(e -> copyViewImage());
        export.getItems().addAll(png, svg, pdf, copy, new javafx.scene.control.SeparatorMenuItem(), csv, json, npy);
        dark.setTooltip(new Tooltip("Dark theme"));
        highContrast.setTooltip(new Tooltip("High contrast: stronger text and borders for projectors"));
        present.setTooltip(new Tooltip("Presentation mode: large type for projectors (Ctrl+Plus / Ctrl+Minus to zoom, Ctrl+0 to reset)"));
        for (Region r : java.util.List.of(export, present, highContrast, dark)) r.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, input, export, present, highContrast, dark);
        HBox.setHgrow(input, Priority.ALWAYS);
        bar.setAlignment(Pos.CENTER_LEFT);

        message.getStyleClass().add("message");
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.managedProperty());

        layerSpinner.setTooltip(new Tooltip("Layer (Page Up / Page Down)"));
        headSpinner.setTooltip(new Tooltip("Head ([ and ])"));
        for (Spinner<Integer> s : java.util.List.of(layerSpinner, headSpinner)) {
            s.getStyleClass().add("selector");
            s.setEditable(true);
        }
        layerSpinner.setValueFactory(new IntegerSpinnerValueFactory(0, 0));
        headSpinner.setValueFactory(new IntegerSpinnerValueFactory(0, 0));
        keys.getStyleClass().add("muted");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        selection.getStyleClass().add("selection");
        HBox selectBar = new HBox(8, new Label("Layer"), layerSpinner, new Label("Head"), headSpinner, selection, gap, find, keys);
        selection.setMinWidth(0);
        keys.setMinWidth(0);
        selectBar.setAlignment(Pos.CENTER_LEFT);

        top.getChildren().setAll(bar, message, tokens, selectBar);
        top.getStyleClass().add("top-bar");
        top.setPadding(new Insets(8, 10, 6, 10));
        root.setTop(top);

        tabs.getStyleClass().add("views");
        root.setCenter(tabs);

        Label status = new Label();
        status.textProperty().bind(state.statusProperty());
        status.getStyleClass().add("status");
        Label timings = new Label();
        timings.textProperty().bind(state.timingsProperty());
        timings.getStyleClass().add("muted");
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(state.progressProperty());
        progress.visibleProperty().bind(state.busyProperty());
        progress.setPrefWidth(160);
        Button cancelLoad = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancelLoad.setTooltip(new Tooltip("Stop loading this model (Esc); the model in use stays"));
        cancelLoad.setOnAction(e -> state.cancelLoad());
        cancelLoad.visibleProperty().bind(state.loadingProperty());
        cancelLoad.managedProperty().bind(state.loadingProperty());
        cancelLoad.getStyleClass().add("cancel-load");
        Region fill = new Region();
        HBox.setHgrow(fill, Priority.ALWAYS);
        HBox statusBar = new HBox(12, status, fill, timings, progress, cancelLoad);
        statusBar.setAlignment(Pos.CENTER_LEFT);
        statusBar.getStyleClass().add("status-bar");
        statusBar.setPadding(new Insets(4, 10, 4, 10));
        root.setBottom(statusBar);
    }

    private java.util.Optional<Path> choose(String name, String what, String pattern) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(name);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        File f = fc.showSaveDialog(scene.getWindow());
        return java.util.Optional.ofNullable(f).map(File::toPath);
    }

    private void initListeners() {
        message.textProperty().bind(state.messageProperty());
        dark.setOnAction(e -> setDark(dark.isSelected()));
        highContrast.setOnAction(e -> setHighContrast(highContrast.isSelected()));
        present.setOnAction(e -> setFontSize(present.isSelected() ? FONT_PRESENTATION : FONT_DEFAULT));

        state.modelProperty().addListener((o, a, m) -> {
            if (m == null) return;
            ((IntegerSpinnerValueFactory) layerSpinner.getValueFactory()).setMax(m.config().layers() - 1);
            ((IntegerSpinnerValueFactory) headSpinner.getValueFactory()).setMax(m.config().heads() - 1);
            layerSpinner.getValueFactory().setValue(state.layer());
            headSpinner.getValueFactory().setValue(state.head());
        });
        layerSpinner.valueProperty().addListener((o, a, b) -> {
            if (b != null) state.selectLayer(b);
        });
        headSpinner.valueProperty().addListener((o, a, b) -> {
            if (b != null) state.selectHead(b);
        });
        state.layerProperty().addListener((o, a, b) -> {
            layerSpinner.getValueFactory().setValue(b.intValue());
            state.settings().putInt("layer", b.intValue());
        });
        state.headProperty().addListener((o, a, b) -> {
            headSpinner.getValueFactory().setValue(b.intValue());
            state.settings().putInt("head", b.intValue());
        });
        state.queryProperty().addListener((o, a, b) -> {
            showSelection();
            state.settings().putInt("query", b.intValue());
        });
        state.keyProperty().addListener((o, a, b) -> {
            showSelection();
            state.settings().putInt("key", b.intValue());
        });
        state.traceProperty().addListener((o, a, b) -> showSelection());

        state.errorProperty().addListener((o, a, msg) -> {
            if (msg != null) showError(msg);
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::key);
    }

    private void showSelection() {
        AttentionTrace t = state.trace();
        if (t == null) {
            selection.setText("");
            return;
        }
        String[] d = t.tokens().display();
        selection.setText("   query “" + d[state.query()] + "” (" + state.query() + ")  ×  key “" + d[state.key()] + "” (" + state.key() + ")");
    }

    private void showError(String msg) {
        Alert alert = new Alert(Alert.AlertType.ERROR, msg, ButtonType.OK);
        alert.setTitle("Could not open the model");
        alert.setHeaderText("Could not open the model");
        alert.getDialogPane().setId("load-error");
        alert.getDialogPane().setMinWidth(520);
        alert.getDialogPane().getStylesheets().addAll(scene.getStylesheets());
        alert.getDialogPane().getStyleClass().addAll(root.getStyleClass().filtered(c -> c.startsWith("theme-")));
        if (scene.getWindow() != null) alert.initOwner(scene.getWindow());
        alert.setOnHidden(e -> state.clearError());
        alert.show();
    }

    private void openHeads() {
        tabs.getSelectionModel().select(headsTab);
    }

    private void key(KeyEvent e) {
        if (e.isShortcutDown()) {
            switch (e.getCode()) {
                case PLUS, EQUALS, ADD -> setFontSize(fontSize + 1);
                case MINUS, SUBTRACT -> setFontSize(fontSize - 1);
                case DIGIT0, NUMPAD0 -> setFontSize(FONT_DEFAULT);
                case F -> find.focus();
                default -> {
                    return;
                }
            }
            e.consume();
            return;
        }
        if (e.getCode() == KeyCode.ESCAPE && state.loadingProperty().get()) {
            state.cancelLoad();
            e.consume();
            return;
        }
        // The Lecture tab has its own keys (what a clicker sends: arrows, PgUp/PgDn, Space): they turn its slides
        // wherever the focus is (a clicked tab header would otherwise take the arrows to change tabs).
        if (lectureTab.isSelected()) {
            lectureView.key(e);
            return;
        }
        boolean typing = scene.getFocusOwner() instanceof TextInputControl;
        KeyCode c = e.getCode();
        switch (c) {
            case PAGE_UP -> state.nextLayer(-1);
            case PAGE_DOWN -> state.nextLayer(1);
            default -> {
                if (typing) return;
                switch (c) {
                    case OPEN_BRACKET -> state.nextHead(-1);
                    case CLOSE_BRACKET -> state.nextHead(1);
                    case UP -> state.moveCell(-1, 0);
                    case DOWN -> state.moveCell(1, 0);
                    case LEFT -> state.moveCell(0, -1);
                    case RIGHT -> state.moveCell(0, 1);
                    default -> {
                        return;
                    }
                }
            }
        }
        e.consume();
    }
}
