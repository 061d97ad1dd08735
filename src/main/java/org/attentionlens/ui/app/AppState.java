package org.attentionlens.ui.app;

import org.attentionlens.io.ModelProvider;
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
import javafx.concurrent.Task;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.SerialExecutor;
import org.attentionlens.ui.common.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The app's one shared view model: the loaded model, the trace of the last text, and the selection (layer,
 * head, query i, key j) every tab shows. Views read the properties and call the commands; they never touch
 * the model's buffers. Long work (load, forward pass, export) runs on the executor, never on the FX thread;
 * loads and passes run one at a time, a newer request makes older ones stale: a queued stale pass never starts
 * and a running one's result is dropped. FX thread only.
 */
public final class AppState {
    public static final String DEFAULT_MODEL = "minilm-l6";
    public static final String DEFAULT_TEXT = "The cat sat on the mat";
    public static final String EMPTY_HINT = "Type a sentence above and press Enter to see its attention.";

    private final ModelProvider source;
    private final Executor executor;
    private final Executor passes; // loads and forward passes, one at a time
    private final Settings settings;

    // Properties
    private final ReadOnlyObjectWrapper<LoadedModel> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<AttentionTrace> trace = new ReadOnlyObjectWrapper<>(this, "trace");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
    private final ReadOnlyIntegerWrapper layer = new ReadOnlyIntegerWrapper(this, "layer");
    private final ReadOnlyIntegerWrapper head = new ReadOnlyIntegerWrapper(this, "head");
    private final ReadOnlyIntegerWrapper query = new ReadOnlyIntegerWrapper(this, "query");
    private final ReadOnlyIntegerWrapper key = new ReadOnlyIntegerWrapper(this, "key");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Starting…");
    private final ReadOnlyStringWrapper timings = new ReadOnlyStringWrapper(this, "timings", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ObservableList<String> recentFolders = FXCollections.observableArrayList();
    // One read-only wrapper kept for good: listeners added to a throwaway wrapper die with it when it is collected.
    private final ObservableList<String> recentFoldersView = FXCollections.unmodifiableObservableList(recentFolders);

    private long generation;
    private Task<?> running;

    /** A finished pass and how many tokens of the text did not fit the context. */
    private record Run(AttentionTrace trace, int cut) {
    }

    public AppState(ModelProvider source, Executor executor, Settings settings) {
        this.source = source;
        this.executor = executor;
        this.passes = new SerialExecutor(executor);
        this.settings = settings;
        recentFolders.setAll(settings.recentFolders());
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

    /** A hint or warning about the input: empty text, tokens cut at the context. Empty when all is well. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The status bar's text: what is running, or tokens and forward time of the last pass. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Draw times views report (model view, hover frame). */
    public ReadOnlyStringProperty timingsProperty() {
        return timings.getReadOnlyProperty();
    }

    /** Progress of the running task in [0, 1], or -1 when unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** A model-loading error for a dialog: what went wrong and how to fix it. Null when none is pending. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
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

    public Cell cell() {
        return new Cell(query.get(), key.get());
    }

    public ModelProvider source() {
        return source;
    }

    public Executor executor() {
        return executor;
    }

    public Settings settings() {
        return settings;
    }

    // ---- Commands: models and text ----------------------------------------------------------------------

    /** Loads a built-in id or a model folder, then re-runs the current text on it. */
    public void loadModel(String idOrFolder) {
        long gen = ++generation;
        cancelRunning();
        Task<LoadedModel> task = new Task<>() {
            @Override
            protected LoadedModel call() throws Exception {
                updateProgress(-1, 1);
                return source.load(idOrFolder, (f, msg) -> {
                    updateProgress(f, 1);
                    updateMessage(msg);
                });
            }
        };
        String name = idOrFolder.length() > 60 ? "…" + idOrFolder.substring(idOrFolder.length() - 59) : idOrFolder;
        start(task, "Loading " + name + "…");
        task.setOnSucceeded(e -> {
            if (gen != generation) return;
            finish();
            LoadedModel m = task.getValue();
            model.set(m);
            settings.put("model", idOrFolder);
            if (Files.isDirectory(Path.of(idOrFolder)) && !source.builtIns().contains(idOrFolder)) {
                settings.addRecentFolder(idOrFolder);
                recentFolders.setAll(settings.recentFolders());
            }
            layer.set(clamp(layer.get(), m.config().layers()));
            head.set(clamp(head.get(), m.config().heads()));
            status.set("Loaded " + m.displayName());
            analyse(text.get());
        });
        task.setOnFailed(e -> {
            if (gen != generation) return;
            finish();
            Throwable t = task.getException();
            String why = t instanceof ModelLoadException ? t.getMessage()
                    : "Could not load " + idOrFolder + ": " + t;
            status.set("Could not load " + name);
            error.set(why);
            if (model.get() == null && !idOrFolder.equals(DEFAULT_MODEL) && source.builtIns().contains(DEFAULT_MODEL))
                loadModel(DEFAULT_MODEL);
        });
    }

    /** Opens a Hugging Face model folder (what the "Open model folder…" chooser calls). */
    public void openFolder(Path folder) {
        loadModel(folder.toAbsolutePath().toString());
    }

    /** The dialog showed the error. */
    public void clearError() {
        error.set(null);
    }

    /**
     * Tokenizes and runs text through the model off the FX thread. A newer call (or a model load) makes a
     * running one stale: its result is dropped. Text longer than the context is cut, and the message says so.
     */
    public void analyse(String newText) {
        String t = newText == null ? "" : newText;
        text.set(t);
        settings.put("text", t);
        LoadedModel m = model.get();
        if (m == null) return; // runs when the model arrives
        long gen = ++generation;
        cancelRunning();
        if (t.isBlank()) {
            trace.set(null);
            message.set(EMPTY_HINT);
            status.set("No text");
            finish();
            return;
        }
        int context = m.config().context();
        Task<Run> task = new Task<>() {
            @Override
            protected Run call() {
                Tokens all = m.tokenizer().encode(t);
                Tokens used = all.size() > context ? all.head(context) : all;
                if (isCancelled()) return null;
                return new Run(AttentionTrace.capture(m.transformer(), used, this::isCancelled), all.size() - used.size());
            }
        };
        start(task, "Running " + m.displayName() + "…");
        task.setOnSucceeded(e -> {
            if (gen != generation) return;
            finish();
            AttentionTrace tr = task.getValue().trace();
            int tokensCut = task.getValue().cut(), T = tr.length();
            query.set(clamp(query.get(), T));
            key.set(clamp(key.get(), T));
            trace.set(tr);
            message.set(tokensCut > 0 ? String.format(Locale.ROOT,
                    "The text is %d tokens; %s reads at most %d, so the last %d were cut.",
                    T + tokensCut, m.displayName(), context, tokensCut) : "");
            status.set(String.format(Locale.ROOT, "%d tokens%s · forward %.1f ms · %s", T,
                    tokensCut > 0 ? " (" + tokensCut + " cut)" : "", tr.nanos() / 1e6, m.displayName()));
        });
        task.setOnFailed(e -> {
            if (gen != generation) return;
            finish();
            Throwable x = task.getException();
            status.set("The pass failed: " + x.getMessage());
            message.set("Could not run this text: " + x.getMessage());
        });
    }

    /** Runs other work in the background with the busy indicator; the future completes on the FX thread. */
    public <T> CompletableFuture<T> runInBackground(String what, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        busy.set(true);
        if (running == null) progress.set(-1); // a running load or pass owns (has bound) the progress bar
        status.set(what + "…");
        task.setOnSucceeded(e -> {
            if (running == null) idle();
            status.set(what + ": done");
            result.complete(task.getValue());
        });
        task.setOnFailed(e -> {
            if (running == null) idle();
            status.set(what + " failed: " + task.getException().getMessage());
            result.completeExceptionally(task.getException());
        });
        executor.execute(task);
        return result;
    }

    // ---- Commands: selection ----------------------------------------------------------------------------

    /** The layer, head and cell to show once a model and trace arrive (restored settings); clamped then. */
    public void preselect(int l, int h, int i, int j) {
        layer.set(Math.max(0, l));
        head.set(Math.max(0, h));
        query.set(Math.max(0, i));
        key.set(Math.max(0, j));
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

    /** Selects query token i (clicking a token): the row every view highlights. */
    public void selectQuery(int i) {
        if (trace.get() != null) query.set(clamp(i, trace.get().length()));
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

    /** A view reports how long it took to draw (shown in the status bar). */
    public void reportTiming(String text) {
        timings.set(text);
    }

    // ---- Internals --------------------------------------------------------------------------------------

    private void start(Task<?> task, String what) {
        running = task;
        busy.set(true);
        status.set(what);
        progress.unbind();
        progress.bind(task.progressProperty());
        task.messageProperty().addListener((o, a, b) -> {
            if (running == task && b != null && !b.isEmpty()) status.set(b);
        });
        passes.execute(task);
    }

    private void cancelRunning() {
        if (running != null) running.cancel(false);
        running = null;
    }

    private void finish() {
        running = null;
        idle();
    }

    private void idle() {
        progress.unbind();
        progress.set(0);
        busy.set(running != null);
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}
