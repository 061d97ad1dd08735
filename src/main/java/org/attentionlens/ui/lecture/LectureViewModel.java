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
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The lecture's state, free of views: which head and tokens are followed, which stage is shown, the numbers
 * of that stage ({@link #walkProperty()}), its title and caption, and the presenter's notes. Usable without
 * the FX thread; a view listens to the read-only properties.
 */
public final class LectureViewModel {
    private static final List<LectureStage> STAGES = List.of(LectureStage.values());

    // ---- Properties ----
    private final ReadOnlyObjectWrapper<LectureSource> source = new ReadOnlyObjectWrapper<>(this, "source");
    private final ReadOnlyObjectWrapper<HeadWalk> walk = new ReadOnlyObjectWrapper<>(this, "walk");
    private final ReadOnlyIntegerWrapper stageIndex = new ReadOnlyIntegerWrapper(this, "stageIndex", 0);
    private final ReadOnlyObjectWrapper<LectureStage> stage = new ReadOnlyObjectWrapper<>(this, "stage", STAGES.get(0));
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", STAGES.get(0).title());
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper(this, "caption",
            "Run a text through a model to start the lecture.");
    private final ObservableList<Annotation> annotations = FXCollections.observableArrayList();
    private final ObservableList<Annotation> readOnlyAnnotations = FXCollections.unmodifiableObservableList(annotations);
    private long seed;

    public ReadOnlyObjectProperty<LectureSource> sourceProperty() {
        return source.getReadOnlyProperty();
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

    public List<LectureStage> stages() {
        return STAGES;
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
        goTo(STAGES.indexOf(stage.get()) + 1);
    }

    public void back() {
        goTo(STAGES.indexOf(stage.get()) - 1);
    }

    public boolean canGoNext() {
        return STAGES.indexOf(stage.get()) < STAGES.size() - 1;
    }

    public boolean canGoBack() {
        return STAGES.indexOf(stage.get()) > 0;
    }

    /** Jumps to a stage; indices beyond either end stop there. */
    public void goTo(int index) {
        int i = Math.max(0, Math.min(STAGES.size() - 1, index));
        // Texts, stage, then index: whoever listens to the stage or its index finds the texts already updated.
        refreshText(STAGES.get(i), walk.get());
        stage.set(STAGES.get(i));
        stageIndex.set(i);
    }

    public void goTo(LectureStage s) {
        goTo(STAGES.indexOf(s));
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
        refreshText(stage.get(), w);
        walk.set(w);
    }

    private void refreshText(LectureStage s, HeadWalk w) {
        if (w == null) {
            title.set(s.title());
            return;
        }
        title.set(Captions.title(s, w));
        caption.set(Captions.caption(s, w));
    }
}
