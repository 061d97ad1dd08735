package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.common.TaskExecutor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lecture's state, free of views: which head and tokens are followed, which stage is shown, the numbers
 * of that stage ({@link #walkProperty()}), its title and caption, and the presenter's notes, which belong to their
 * stage and to the walk they were pinned on (model, text, head, query, decode step): another head or text shows
 * its own notes. Slow work (reading a session, running a decode step) runs as a {@link BackgroundTask}; with
 * {@link TaskExecutor#currentThread()} (the no-argument constructor) everything runs in the caller.
 */
public final class LectureViewModel {
    /** Before any walk: the plain GPT-2 recipe's stages. */
    private static final List<LectureStage> PLAIN = List.of(LectureStage.INPUT, LectureStage.PROJECTIONS,
            LectureStage.DOT_PRODUCT, LectureStage.ALL_SCORES, LectureStage.SCALE, LectureStage.MASK,
            LectureStage.SOFTMAX, LectureStage.WEIGHTED_SUM, LectureStage.CONCAT, LectureStage.OUTPUT_PROJECTION,
            LectureStage.RESIDUAL);

    private final BackgroundTask<Runnable> work;
    private LectureSession.Models models = id -> ModelRegistry.load(id, Progress.NONE);
    private Consumer<LectureSession> opener; // shows a session in the whole app; null: the lecture runs it alone
    private LectureSession pending;          // opened, waiting for the app's pass of its text

    // ---- Properties ----
    private final ReadOnlyObjectWrapper<LectureSource> source = new ReadOnlyObjectWrapper<>(this, "source");
    private final ReadOnlyObjectWrapper<HeadWalk> walk = new ReadOnlyObjectWrapper<>(this, "walk");
    private final ReadOnlyIntegerWrapper stageIndex = new ReadOnlyIntegerWrapper(this, "stageIndex", 0);
    private final ObservableList<LectureStage> stages = FXCollections.observableArrayList(PLAIN);
    private final ObservableList<LectureStage> stagesView = FXCollections.unmodifiableObservableList(stages);
    private final ReadOnlyObjectWrapper<LectureStage> stage = new ReadOnlyObjectWrapper<>(this, "stage", PLAIN.get(0));
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", PLAIN.get(0).title());
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption",
            "Run a text through a model to start the lecture.");
    private final ObservableList<Annotation> annotations = FXCollections.observableArrayList();
    private final ObservableList<Annotation> readOnlyAnnotations = FXCollections.unmodifiableObservableList(annotations);
    private final Map<String, List<Annotation>> notesOfOtherWalks = new HashMap<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private String notesKey = "";
    private long seed;

    /** Everything in the caller's thread (tests, a lecture without the app). */
    public LectureViewModel() {
        this(TaskExecutor.currentThread());
    }

    public LectureViewModel(TaskExecutor executor) {
        this.work = new BackgroundTask<>(executor);
        work.errorProperty().addListener((o, a, why) -> {
            if (!why.isEmpty()) status.set(why);
        });
    }

    /** What slow work is running, or why it failed; empty when all is well. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** How an opened session's model is loaded when the lecture runs it alone (default: the registry). */
    public void setModels(LectureSession.Models models) {
        this.models = models;
    }

    /**
     * Inside the app: opening a session hands it to the app (model, text and selection for the whole window); the
     * lecture applies the rest (stage, notes, seed, decode step) once the app's pass of the text arrives.
     */
    public void setOpener(Consumer<LectureSession> opener) {
        this.opener = opener;
    }

    /** The numbers of the followed head; null until something is loaded. */
    public ReadOnlyObjectProperty<HeadWalk> walkProperty() {
        return walk.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty stageIndexProperty() {
        return stageIndex.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LectureStage> stageProperty() {
        return stage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    /** Every stage's notes and arrows (read-only; change them through the commands). */
    public ObservableList<Annotation> annotations() {
        return readOnlyAnnotations;
    }

    /**
     * The stages of the followed walk, from its model's recipe (QK-norm, RoPE, shared keys and values, soft-cap only
     * where the model has them). Read-only; changes when a walk of another recipe is shown.
     */
    public ObservableList<LectureStage> stages() {
        return stagesView;
    }

    public HeadWalk getWalk() {
        return walk.get();
    }

    public LectureStage getStage() {
        return stage.get();
    }

    public LectureSource getSource() {
        return source.get();
    }

    /** The seed the session carries for the app's sampler; kept so a saved session reopens with it. */
    public long seed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    // ---- Commands ----

    /**
     * Follows head (layer, head) of an already-run pass for query token {@code query} (negative counts from the
     * end); {@code key} picks the key of the written-out dot product, or -1 for the key the query attends to
     * most. Keeps the stage.
     */
    public void load(LoadedModel model, String text, AttentionTrace trace, int layer, int head, int query, int key) {
        show(LectureSource.of(model, text, trace), layer, head, query, key);
    }

    /** Shows a source (whole text or decode step, built off the FX thread) at the given selection. */
    public void show(LectureSource src, int layer, int head, int query, int key) {
        show(src, walkOf(src, layer, head, query, key));
    }

    /** Shows a walk already computed off the FX thread by {@link #walkOf}. */
    void show(LectureSource src, HeadWalk w) {
        source.set(src);
        setWalk(w);
    }

    /** Follows another head or token of the current source; key -1 = the strongest key. */
    public void select(int layer, int head, int query, int key) {
        LectureSource src = requireSource();
        setWalk(walkOf(src, layer, head, query, key));
    }

    public void next() {
        goTo(stages.indexOf(stage.get()) + 1);
    }

    public void back() {
        goTo(stages.indexOf(stage.get()) - 1);
    }

    public boolean canGoNext() {
        return stages.indexOf(stage.get()) < stages.size() - 1;
    }

    public boolean canGoBack() {
        return stages.indexOf(stage.get()) > 0;
    }

    /** Jumps to a stage; indices beyond either end stop there. */
    public void goTo(int index) {
        int i = Math.max(0, Math.min(stages.size() - 1, index));
        // Texts, stage, then index: whoever listens to the stage or its index finds the texts already updated.
        refreshText(stages.get(i), walk.get());
        stage.set(stages.get(i));
        stageIndex.set(i);
    }

    /** Jumps to a stage; one this model's recipe does not have (a session of another model) gives the one before it. */
    public void goTo(LectureStage s) {
        goTo(nearest(s));
    }

    /** The index of s in the current stages, or of the last stage before it that the recipe has. */
    private int nearest(LectureStage s) {
        int best = 0;
        for (int i = 0; i < stages.size(); i++) if (stages.get(i).ordinal() <= s.ordinal()) best = i;
        return best;
    }

    public void addAnnotation(Annotation a) {
        annotations.add(a);
    }

    public void removeAnnotation(Annotation a) {
        annotations.remove(a);
    }

    public void clearAnnotations() {
        annotations.clear();
    }

    /** The notes and arrows of one stage. */
    public List<Annotation> annotationsOf(LectureStage s) {
        List<Annotation> out = new ArrayList<>();
        for (Annotation a : annotations) if (a.stage() == s) out.add(a);
        return out;
    }

    /** Restores everything a session file holds once its source has been built. */
    public void restore(LectureSource src, LectureSession session) {
        show(src, session.layer(), session.head(), session.query(), session.key());
        seed = session.seed();
        annotations.setAll(session.annotations());
        goTo(session.stage());
    }

    /**
     * Opens a session file in the background. Inside the app the app shows its model, text and selection (see
     * {@link #setOpener}); alone, the lecture runs the model itself. A broken file leaves the lecture as it was and
     * says why in {@link #statusProperty()}.
     */
    public void open(Path file) {
        LectureSource current = source.get();
        status.set("Opening " + file.getFileName() + "…");
        work.run(ctx -> {
            LectureSession session = LectureSession.read(file);
            if (opener != null) return () -> {
                pending = session;
                opener.accept(session);
            };
            LectureSource src = session.open(models, current == null ? null : current.model());
            return () -> restore(src, session);
        }, this::apply);
    }

    /**
     * The app's pass of a text arrived and the lecture follows it (walk computed off the FX thread): a session
     * waiting for this model and text gets its stage, notes, seed and decode step now.
     */
    void follow(LectureSource src, HeadWalk w) {
        LectureSession s = pending;
        if (s == null || !s.model().equals(src.model().id()) || !s.text().equals(src.text())) {
            show(src, w);
            return;
        }
        pending = null;
        if (s.decodePrefix() != null) {
            status.set("Running the session's decode step…");
            work.run(ctx -> {
                LectureSource step = LectureSource.runDecode(src.model(), src.text(), s.decodePrefix());
                return () -> restore(step, s);
            }, this::apply);
        } else {
            show(src, w);
            seed = s.seed();
            annotations.setAll(s.annotations());
            goTo(s.stage());
        }
    }

    /** The app has no text: no slides (rather than the previous sentence's). */
    void clear() {
        source.set(null);
        setWalk(null);
    }

    /**
     * Switches between the whole text's pass and one decode step of the current query token (it becomes the new
     * token, the tokens before it the cache). Going back needs no new run: a decode source keeps the full pass.
     */
    public void setDecode(boolean on) {
        LectureSource src = source.get();
        HeadWalk w = walk.get();
        if (src == null || w == null || on == src.isDecode()) return;
        if (!on) {
            show(LectureSource.of(src.model(), src.text(), src.trace()), w.layer(), w.head(), w.query(), w.key());
            return;
        }
        int query = w.query();
        status.set("Running a decode step of “" + w.token(query) + "”…");
        work.run(ctx -> {
            LectureSource step = LectureSource.runDecode(src.model(), src.text(), query);
            return () -> show(step, w.layer(), w.head(), query, -1);
        }, this::apply);
    }

    private void apply(Runnable update) {
        try {
            update.run();
            status.set("");
        } catch (RuntimeException e) {
            status.set(org.attentionlens.errors.UserMessage.of(e));
        }
    }

    /** Saves the current lecture as a session file; the status says where, or why not. */
    public void save(Path file) {
        try {
            toSession().write(file);
            status.set("Saved " + file.toAbsolutePath());
        } catch (java.io.IOException | RuntimeException e) {
            status.set("Could not save: " + org.attentionlens.errors.UserMessage.of(e));
        }
    }

    /** The current lecture as a session file's content. */
    public LectureSession toSession() {
        LectureSource src = requireSource();
        HeadWalk w = walk.get();
        return new LectureSession(src.model().id(), src.text(), w.layer(), w.head(), w.query(), w.key(),
                stage.get(), seed, src.isDecode() ? src.decode().prefix() : null, List.copyOf(annotations));
    }

    /** query &lt; 0 counts from the end; key -1 = the strongest key. Computes: call it off the FX thread. */
    static HeadWalk walkOf(LectureSource src, int layer, int head, int query, int key) {
        if (query < 0) query += src.tokenCount();
        if (src.isDecode()) query = src.tokenCount() - 1;
        HeadWalk.check(src.model().config(), layer, head, query, Math.max(key, 0), src.tokenCount());
        if (key < 0) key = src.strongestKey(layer, head, query);
        return src.walk(layer, head, query, key);
    }

    private LectureSource requireSource() {
        LectureSource src = source.get();
        if (src == null) throw new IllegalStateException("Nothing loaded yet: run a text through a model first.");
        return src;
    }

    private void setWalk(HeadWalk w) {
        swapNotes(w);
        List<LectureStage> recipe = w == null ? PLAIN : LectureStage.of(w.config(), w.layer());
        LectureStage shown = stage.get();
        if (!recipe.equals(stages)) {
            stages.setAll(recipe);
            shown = stages.get(nearest(shown));
        }
        refreshText(shown, w);
        stage.set(shown);
        stageIndex.set(stages.indexOf(shown));
        walk.set(w);
    }

    /** Notes belong to the walk they were pinned on: moving to another walk puts its own notes up. */
    private void swapNotes(HeadWalk w) {
        LectureSource src = source.get();
        String key = w == null || src == null ? "" : String.join("\u0000", src.model().id(), src.text(),
                w.layer() + "." + w.head(), Integer.toString(w.query()), Boolean.toString(w.decode()));
        if (key.equals(notesKey)) return;
        notesOfOtherWalks.put(notesKey, List.copyOf(annotations));
        notesKey = key;
        annotations.setAll(notesOfOtherWalks.getOrDefault(key, List.of()));
    }

    private void refreshText(LectureStage s, HeadWalk w) {
        if (w == null) {
            title.set(s.title());
            caption.set("Run a text through a model to start the lecture.");
            return;
        }
        title.set(Captions.title(s, w));
        caption.set(Captions.caption(s, w));
    }
}
