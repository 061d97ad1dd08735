package org.attentionlens.ui.state;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The app's one shared view model: the loaded model, the trace of the last text, and the selection (layer,
 * head, query i, key j, and the extra query rows picked with Ctrl+click) every tab shows. Views read the
 * properties and call the commands; they never touch the model's buffers. Loads and passes run one at a time in
 * the background ({@link BackgroundTask}): a newer request makes older ones stale. FX thread only.
 */
public final class AppState {
    public static final String DEFAULT_MODEL = "minilm-l6";
    public static final String DEFAULT_TEXT = "The cat sat on the mat";
    public static final String EMPTY_HINT = "Type a sentence above and press Enter to see its attention.";

    private final ModelProvider source;
    private final TaskExecutor executor;
    private final Settings settings;
    private final BackgroundTask<LoadedModel> loading;
    private final BackgroundTask<Run> pass;
    private final BackgroundTask<List<String>> cacheScan;

    // Properties
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<AttentionTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyIntegerWrapper layer = new ReadOnlyIntegerWrapper(this, "layer");
    private final ReadOnlyIntegerWrapper head = new ReadOnlyIntegerWrapper(this, "head");
    private final ReadOnlyIntegerWrapper query = new ReadOnlyIntegerWrapper(this, "query");
    private final ReadOnlyIntegerWrapper key = new ReadOnlyIntegerWrapper(this, "key");
    private final ReadOnlyObjectWrapper<List<Integer>> queries = new ReadOnlyObjectWrapper<>(this, "queries", List.of(0));
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Starting…");
    private final ReadOnlyStringWrapper timings = new ReadOnlyStringWrapper(this, "timings", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ObservableList<String> recentFolders = FXCollections.observableArrayList();
    // One read-only wrapper kept for good: listeners added to a throwaway wrapper die with it when it is collected.
    private final ObservableList<String> recentFoldersView = FXCollections.unmodifiableObservableList(recentFolders);
    private final ObservableList<String> cachedModels = FXCollections.observableArrayList();
    private final ObservableList<String> cachedModelsView = FXCollections.unmodifiableObservableList(cachedModels);

    private boolean firstPass = true;
    private String loadingId; // what the last load asked for
    private Integer wantQuery, wantKey; // asked for before the pass that has them (negative: from the end)
    private int exportsRunning;

    /** A finished pass and how many tokens of the text did not fit the context. */
    private record Run(AttentionTrace trace, int cut) {
    }

    public AppState(ModelProvider source, TaskExecutor executor, Settings settings) {
        this.source = source;
        this.executor = executor;
        this.settings = settings;
        TaskExecutor passes = executor.serial(); // loads and forward passes, one at a time
        this.loading = new BackgroundTask<>(passes);
        this.pass = new BackgroundTask<>(passes);
        this.cacheScan = new BackgroundTask<>(executor);
        recentFolders.setAll(settings.recentFolders());
        loading.messageProperty().addListener((o, a, b) -> {
            if (!b.isEmpty()) status.set(b);
        });
        progress.bind(Bindings.when(loading.runningProperty()).then(loading.progressProperty())
                .otherwise(Bindings.when(pass.runningProperty()).then(-1.0).otherwise(0.0)));
        loading.runningProperty().addListener(o -> updateBusy());
        pass.runningProperty().addListener(o -> updateBusy());
        // Views report draw times for the trace they drew: a new trace or model makes them stale.
        trace.addListener(o -> timings.set(""));
        model.addListener(o -> timings.set(""));
    }

    // ---- Properties -------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<LoadedModel> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AttentionTrace> traceProperty() {
        return trace.getReadOnlyProperty();
    }

    /** The text of the current (or running) analysis. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty layerProperty() {
        return layer.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty headProperty() {
        return head.getReadOnlyProperty();
    }

    /** The selected query token i (row). */
    public ReadOnlyIntegerProperty queryProperty() {
        return query.getReadOnlyProperty();
    }

    /** The selected key token j (column). */
    public ReadOnlyIntegerProperty keyProperty() {
        return key.getReadOnlyProperty();
    }

    /**
     * Every selected query row, ascending: the query alone, or several picked with Ctrl+click whose mean row the
     * views show. Always holds {@link #query()}.
     */
    public ReadOnlyObjectProperty<List<Integer>> queriesProperty() {
        return queries.getReadOnlyProperty();
    }

    /** A hint or warning about the input: empty text, tokens cut at the context. Empty when all is well. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The status bar's text: what is running, or tokens and forward time of the last pass. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Draw times a view reports for the current trace (model view); cleared when the trace or model changes. */
    public ReadOnlyStringProperty timingsProperty() {
        return timings.getReadOnlyProperty();
    }

    /** Progress of the running load in [0, 1], -1 while a pass runs (unknown), 0 when idle. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A load, pass or export is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** A model-loading error for a dialog: what went wrong and how to fix it. Null when none is pending. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A model is being loaded (it can be cancelled with {@link #cancelLoad()}). */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.runningProperty();
    }

    /** Hub ids of the models in the Hugging Face cache, as last scanned ({@link #refreshCachedModels()}). */
    public ObservableList<String> cachedModels() {
        return cachedModelsView;
    }

    /** Model folders opened lately, newest first. */
    public ObservableList<String> recentFolders() {
        return recentFoldersView;
    }

    public LoadedModel model() {
        return model.get();
    }

    public AttentionTrace trace() {
        return trace.get();
    }

    public int layer() {
        return layer.get();
    }

    public int head() {
        return head.get();
    }

    public int query() {
        return query.get();
    }

    public int key() {
        return key.get();
    }

    public List<Integer> queries() {
        return queries.get();
    }

    public Cell cell() {
        return new Cell(query.get(), key.get());
    }

    public ModelProvider source() {
        return source;
    }

    /** Where every view model runs its background work. */
    public TaskExecutor executor() {
        return executor;
    }

    public Settings settings() {
        return settings;
    }

    // ---- Commands: models and text ----------------------------------------------------------------------

    /** Loads a built-in id or a model folder, then re-runs the current text on it. */
    public void loadModel(String idOrFolder) {
        pass.cancel();
        loadingId = idOrFolder;
        String name = idOrFolder.length() > 60 ? "…" + idOrFolder.substring(idOrFolder.length() - 59) : idOrFolder;
        status.set("Loading " + name + "…");
        loading.run(ctx -> source.load(idOrFolder, (fraction, what) -> {
            if (ctx.isCancelled()) throw new CancellationException("loading " + idOrFolder + " cancelled");
            ctx.report(fraction, what);
        }), m -> {
            model.set(m);
            settings.put("model", idOrFolder);
            if (Files.isDirectory(Path.of(idOrFolder)) && !source.builtIns().contains(idOrFolder)) {
                settings.addRecentFolder(idOrFolder);
                recentFolders.setAll(settings.recentFolders());
            }
            layer.set(clamp(layer.get(), m.config().layers()));
            head.set(clamp(head.get(), m.config().heads()));
            status.set("Loaded " + m.displayName());
            message.set(note(m));
            analyse(text.get());
        }, why -> {
            status.set("Could not load " + name);
            error.set(loadFailure(idOrFolder, why));
            if (model.get() == null && !idOrFolder.equals(DEFAULT_MODEL) && source.builtIns().contains(DEFAULT_MODEL))
                loadModel(DEFAULT_MODEL);
            else if (model.get() != null) analyse(text.get()); // the pass this load cancelled
        });
    }

    /**
     * Stops the running load (the loader gives up at its next tensor); the model in use stays, or the default
     * one loads when there is none yet.
     */
    public void cancelLoad() {
        if (!loading.isRunning()) return;
        loading.cancel();
        status.set("Loading cancelled");
        if (model.get() != null) analyse(text.get());
        else if (!DEFAULT_MODEL.equals(loadingId) && source.builtIns().contains(DEFAULT_MODEL)) loadModel(DEFAULT_MODEL);
        else status.set("Loading cancelled: pick a model from the menu");
    }

    /** What the message line says about a model while its text runs fine. */
    private static String note(LoadedModel m) {
        return m.tokenizer() instanceof IdsOnlyTokenizer ? IdsOnlyTokenizer.APP_NOTE : "";
    }

    /** Scans the Hugging Face cache in the background for {@link #cachedModels()}. */
    public void refreshCachedModels() {
        cacheScan.run(ctx -> source.cachedHubModels(), cachedModels::setAll);
    }

    /** A loader's message names the problem already; anything else gets the folder or id it came from. */
    private static String loadFailure(String idOrFolder, String why) {
        return why.contains(idOrFolder) || why.contains(Path.of(idOrFolder).getFileName().toString()) ? why
                : "Could not load " + idOrFolder + ": " + why;
    }

    /** Opens a Hugging Face model folder (what the "Open model folder…" chooser calls). */
    public void openFolder(Path folder) {
        loadModel(folder.toAbsolutePath().toString());
    }

    /**
     * Shows model, text and selection in the whole window at once (a lecture session being opened): loads the
     * model unless it is the one in use, runs the text, then selects (clamped to what the pass gives). A negative
     * query counts from the end.
     */
    public void open(String modelId, String newText, int l, int h, int i, int j) {
        preselect(l, h, i, j);
        if (model.get() != null && model.get().id().equals(modelId)) {
            selectLayer(l);
            selectHead(h);
            analyse(newText);
        } else {
            text.set(newText == null ? "" : newText);
            loadModel(modelId);
        }
    }

    /** The dialog showed the error. */
    public void clearError() {
        error.set(null);
    }

    /**
     * Tokenizes and runs text through the model off the FX thread. A newer call (or a model load) makes a
     * running one stale: it is cancelled and its result dropped. Text longer than the context is cut, and the
     * message says so.
     */
    public void analyse(String newText) {
        String t = newText == null ? "" : newText;
        text.set(t);
        settings.put("text", t);
        LoadedModel m = model.get();
        if (m == null || loading.isRunning()) return; // runs when the model arrives
        if (t.isBlank()) {
            pass.cancel();
            trace.set(null);
            message.set(EMPTY_HINT);
            status.set("No text");
            return;
        }
        if (m.tokenizer() instanceof IdsOnlyTokenizer && !IdsOnlyTokenizer.readsAsIds(t)) {
            pass.cancel();
            trace.set(null);
            message.set(IdsOnlyTokenizer.APP_NOTE);
            status.set("Type token ids: this model has no tokenizer");
            return;
        }
        int context = m.config().context();
        status.set("Running " + m.displayName() + "…");
        pass.run(ctx -> {
            Tokens all = m.tokenizer().encode(t);
            Tokens used = all.size() > context ? all.head(context) : all;
            return new Run(AttentionTrace.capture(m.transformer(), used, ctx::isCancelled), all.size() - used.size());
        }, run -> showPass(m, run), why -> {
            status.set("The pass failed: " + why);
            message.set("Could not run this text: " + why);
        });
    }

    private void showPass(LoadedModel m, Run run) {
        AttentionTrace tr = run.trace();
        int cut = run.cut(), T = tr.length();
        int i = wantQuery != null ? wantQuery : query.get(), j = wantKey != null ? wantKey : key.get();
        wantQuery = wantKey = null;
        query.set(clamp(i < 0 ? T + i : i, T));
        key.set(clamp(j < 0 ? T + j : j, T));
        queries.set(List.of(query.get()));
        trace.set(tr);
        message.set(cut > 0 ? String.format(Locale.ROOT,
                "The text is %d tokens; %s reads at most %d, so the last %d were cut.",
                T + cut, m.displayName(), m.config().context(), cut) : note(m));
        // The first pass of a run also pays for compiling the kernels: say so instead of passing it off as speed.
        String forward = String.format(Locale.ROOT, "forward %.1f ms%s", tr.nanos() / 1e6,
                firstPass ? " (first pass: includes JIT warm-up)" : "");
        firstPass = false;
        status.set(String.format(Locale.ROOT, "%d tokens%s · %s · %s", T, cut > 0 ? " (" + cut + " cut)" : "",
                forward, m.displayName()));
    }

    /**
     * Runs an export (or other one-off work) in the background with the busy indicator; the status bar then says
     * where it went ("Export PNG: saved /path"), or the failure in one line. The future completes through the
     * dispatcher with the written path.
     */
    public CompletableFuture<Path> export(String what, BackgroundTask.Work<Path> work) {
        CompletableFuture<Path> result = new CompletableFuture<>();
        BackgroundTask<Path> task = new BackgroundTask<>(executor);
        exportsRunning++;
        updateBusy();
        status.set(what + "…");
        Runnable done = () -> {
            exportsRunning--;
            updateBusy();
        };
        task.run(work, path -> {
            done.run();
            status.set(what + ": saved " + path.toAbsolutePath());
            result.complete(path);
        }, why -> {
            done.run();
            status.set(what + " failed: " + why);
            result.completeExceptionally(new IllegalStateException(why));
        });
        return result;
    }

    // ---- Commands: selection ----------------------------------------------------------------------------

    /**
     * The layer, head and cell to show once a model and trace arrive (restored settings, a session); clamped then.
     * A negative query or key counts from the end of the text.
     */
    public void preselect(int l, int h, int i, int j) {
        layer.set(Math.max(0, l));
        head.set(Math.max(0, h));
        wantQuery = i;
        wantKey = j;
    }

    public void selectLayer(int l) {
        if (model.get() != null) layer.set(clamp(l, model.get().config().layers()));
    }

    public void selectHead(int h) {
        if (model.get() != null) head.set(clamp(h, model.get().config().heads()));
    }

    public void selectHead(int l, int h) {
        selectLayer(l);
        selectHead(h);
    }

    /** Selects query token i (clicking a token): the row every view highlights; other picked rows are dropped. */
    public void selectQuery(int i) {
        if (trace.get() == null) return;
        query.set(clamp(i, trace.get().length()));
        queries.set(List.of(query.get()));
    }

    /**
     * Adds query token i to the selected rows, or takes it out if it is there (Ctrl+click): the views then show
     * the mean of the selected rows. The last row added becomes the query; the last one is never taken out.
     */
    public void toggleQuery(int i) {
        if (trace.get() == null) return;
        int q = clamp(i, trace.get().length());
        List<Integer> rows = new ArrayList<>(queries.get());
        if (rows.contains(q)) {
            if (rows.size() == 1) return;
            rows.remove(Integer.valueOf(q));
            query.set(rows.get(rows.size() - 1));
        } else {
            rows.add(q);
            query.set(q);
        }
        rows.sort(null);
        queries.set(List.copyOf(rows));
    }

    public void selectKey(int j) {
        if (trace.get() != null) key.set(clamp(j, trace.get().length()));
    }

    public void selectCell(Cell c) {
        selectQuery(c.query());
        selectKey(c.key());
    }

    /** Arrow keys: moves the selected cell by rows (queries) and columns (keys), staying inside. */
    public void moveCell(int dQuery, int dKey) {
        selectQuery(query.get() + dQuery);
        selectKey(key.get() + dKey);
    }

    public void nextLayer(int delta) {
        selectLayer(layer.get() + delta);
    }

    public void nextHead(int delta) {
        selectHead(head.get() + delta);
    }

    /** Puts a short note in the status bar (an action done, e.g. an image copied). */
    public void say(String note) {
        status.set(note);
    }

    /** A view reports how long it took to draw the current trace (shown in the status bar). */
    public void reportTiming(String timing) {
        timings.set(timing);
    }

    // ---- Internals --------------------------------------------------------------------------------------

    private void updateBusy() {
        busy.set(loading.isRunning() || pass.isRunning() || exportsRunning > 0);
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
