package org.attentionlens.ui.decode;

import javafx.animation.PauseTransition;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.TokenChoice;
import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.sampling.SamplingSettings;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.ui.common.BackgroundTask;
import org.attentionlens.ui.state.AppState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The decode tab's state: a {@link DecodeSession} on the loaded causal model, its timeline of steps and the
 * frame the view draws for the selected head. Every model pass (prefill, step, step back) runs as one
 * {@link BackgroundTask}, one at a time: commands are refused while one runs, and Play schedules the next step
 * only when the last has finished. A newer session or model makes a running task's result stale, and it is
 * dropped. FX thread only; the session is touched by one task at a time.
 */
public final class DecodeViewModel {
    public static final String CAUSAL_MODEL = ModelRegistry.BROWN_GPT;
    private static final int TOP = 10;

    private final AppState state;
    private final Runnable openHeads;
    private final BackgroundTask<Object> work;

    // Properties: inputs
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final DoubleProperty temperature = new SimpleDoubleProperty(this, "temperature", 0.8);
    private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", 40);
    private final DoubleProperty topP = new SimpleDoubleProperty(this, "topP", 0.95);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 42);
    private final BooleanProperty check = new SimpleBooleanProperty(this, "check", true);
    private final DoubleProperty speed = new SimpleDoubleProperty(this, "speed", 2);

    // Properties: outputs
    private final ReadOnlyObjectWrapper<DecodeFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ObservableList<DecodeStep> steps = FXCollections.observableArrayList();
    private final ObservableList<String> promptTokens = FXCollections.observableArrayList();
    // the read-only views are kept: a fresh wrapper per call would drop its listeners when collected
    private final ObservableList<DecodeStep> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ObservableList<String> promptTokensView = FXCollections.unmodifiableObservableList(promptTokens);
    private final ReadOnlyIntegerWrapper shown = new ReadOnlyIntegerWrapper(this, "shown", -1);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(this, "playing");
    private final ReadOnlyBooleanWrapper prefilled = new ReadOnlyBooleanWrapper(this, "prefilled");
    private final ReadOnlyBooleanWrapper canStep = new ReadOnlyBooleanWrapper(this, "canStep");
    private final ReadOnlyStringWrapper stopReason = new ReadOnlyStringWrapper(this, "stopReason", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyBooleanWrapper encoder = new ReadOnlyBooleanWrapper(this, "encoder");
    private final ReadOnlyStringWrapper encoderMessage = new ReadOnlyStringWrapper(this, "encoderMessage", "");
    private final ReadOnlyStringWrapper generatedText = new ReadOnlyStringWrapper(this, "generatedText", "");

    private final LiveSampler sampler = new LiveSampler();
    private final PauseTransition playDelay = new PauseTransition();
    private DecodeSession session;
    private LoadedModel sessionModel;
    private String[] display = new String[0]; // (P) display text of every position so far
    private List<TokenChoice> pendingTop = List.of();

    /**
     * @param openHeads shows the Heads tab (after {@link #openInHeads()} made the generated text the analysed one)
     */
    public DecodeViewModel(AppState state, Runnable openHeads) {
        this.state = state;
        this.openHeads = openHeads;
        this.work = new BackgroundTask<>(state.executor());
        work.runningProperty().addListener((o, a, b) -> running.set(b));
        String text = state.textProperty().get();
        prompt.set(text == null || text.isBlank() ? AppState.DEFAULT_TEXT : text);
        for (var p : List.of(temperature, topP)) p.addListener((o, a, b) -> updateSampler());
        for (var p : List.of(topK, seed)) p.addListener((o, a, b) -> updateSampler());
        updateSampler();
        playDelay.setOnFinished(e -> {
            if (playing.get()) step();
        });
        state.modelProperty().addListener((o, a, m) -> modelChanged(m));
        state.layerProperty().addListener((o, a, b) -> refreshFrame());
        state.headProperty().addListener((o, a, b) -> refreshFrame());
        modelChanged(state.model());
    }

    // ---- Properties -------------------------------------------------------------------------------------

    public StringProperty promptProperty() {
        return prompt;
    }

    /** 0 = greedy. */
    public DoubleProperty temperatureProperty() {
        return temperature;
    }

    /** 0 = off. */
    public IntegerProperty topKProperty() {
        return topK;
    }

    /** 1 = off. */
    public DoubleProperty topPProperty() {
        return topP;
    }

    public LongProperty seedProperty() {
        return seed;
    }

    /** Whether each step is compared with a full recompute (applies from the next prefill). */
    public BooleanProperty checkProperty() {
        return check;
    }

    /** Play speed in steps per second. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** What the view draws; null before a prefill. */
    public ReadOnlyObjectProperty<DecodeFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** The timeline: every step of the session, oldest first. */
    public ObservableList<DecodeStep> steps() {
        return stepsView;
    }

    /** Display text of the prompt's tokens (the timeline's start). */
    public ObservableList<String> promptTokens() {
        return promptTokensView;
    }

    /** Index of the step shown, or -1 for the state right after the prefill. */
    public ReadOnlyIntegerProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** A prefill, step or step back is running. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    /** A session exists (the prompt has been run). */
    public ReadOnlyBooleanProperty prefilledProperty() {
        return prefilled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStepProperty() {
        return canStep.getReadOnlyProperty();
    }

    /** Why the session stopped (end of text, context limit); empty while it can step. */
    public ReadOnlyStringProperty stopReasonProperty() {
        return stopReason.getReadOnlyProperty();
    }

    /** The last command's failure, readable; empty when none. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The loaded model is a bidirectional encoder: it cannot generate. */
    public ReadOnlyBooleanProperty encoderProperty() {
        return encoder.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty encoderMessageProperty() {
        return encoderMessage.getReadOnlyProperty();
    }

    /** The prompt and every generated token so far, as plain text to read or copy; empty before a prefill. */
    public ReadOnlyStringProperty generatedTextProperty() {
        return generatedText.getReadOnlyProperty();
    }

    public AppState state() {
        return state;
    }

    // ---- Commands ---------------------------------------------------------------------------------------

    /** Runs the prompt in one pass, filling the cache: a new session, the timeline cleared. */
    public void prefill() {
        LoadedModel m = state.model();
        if (m == null || running.get()) return;
        if (!m.config().causal()) {
            error.set(encoderMessage.get());
            return;
        }
        pause();
        int[] ids = m.tokenizer().encode(prompt.get() == null ? "" : prompt.get()).ids();
        boolean withCheck = check.get();
        dropSession();
        run("Prefill " + ids.length + " tokens", () -> {
            DecodeSession s = new DecodeSession(m.transformer(), m.tokenizer(), ids, sampler, withCheck);
            return new Prefilled(s, topOfPending(s, m.tokenizer()));
        }, p -> {
            session = p.session();
            sessionModel = m;
            pendingTop = p.top();
            display = displayOf(m.tokenizer(), session.ids());
            promptTokens.setAll(display);
            prefilled.set(true);
            shown.set(-1);
            afterChange();
        });
    }

    /** Draws and runs one token with the cache. */
    public void step() {
        if (session == null || running.get() || !session.canStep()) {
            if (session != null && !session.canStep()) pause();
            return;
        }
        DecodeSession s = session;
        run("Decode step " + (steps.size() + 1), s::step, step -> {
            display = Arrays.copyOf(display, step.cacheLen());
            display[step.position()] = sessionModel.tokenizer().displayToken(step.tokenId());
            steps.add(step);
            shown.set(step.index());
            afterChange();
            if (playing.get()) {
                if (session.canStep()) {
                    playDelay.setDuration(Duration.seconds(1 / Math.max(0.1, speed.get())));
                    playDelay.playFromStart();
                } else pause();
            }
        });
    }

    /** Undoes the last step: its token leaves the cache. */
    public void stepBack() {
        if (session == null || running.get() || steps.isEmpty()) return;
        pause();
        DecodeSession s = session;
        Tokenizer tok = sessionModel.tokenizer();
        run("Step back", () -> {
            s.stepBack();
            return s.steps().isEmpty() ? topOfPending(s, tok) : List.<TokenChoice>of();
        }, top -> {
            steps.remove(steps.size() - 1);
            display = Arrays.copyOf(display, session.length());
            if (steps.isEmpty()) pendingTop = top;
            shown.set(steps.size() - 1);
            afterChange();
        });
    }

    /** Steps on a timer, one step at a time, until paused or the session stops. */
    public void play() {
        if (session == null || !session.canStep()) return;
        playing.set(true);
        if (!running.get()) step();
    }

    public void pause() {
        playing.set(false);
        playDelay.stop();
    }

    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    /** Forgets the session: the tab shows only the prompt field again. */
    public void reset() {
        pause();
        work.cancel();
        dropSession();
        error.set("");
    }

    /** Shows step index again (clicking the timeline); -1 shows the cache right after the prefill. */
    public void showStep(int index) {
        if (session == null || index < -1 || index >= steps.size()) return;
        shown.set(index);
        refreshFrame();
    }

    /**
     * Makes the generated sequence (prompt and tokens so far) the analysed text of the whole app, and shows the
     * Heads tab: every head's attention over what the model wrote.
     */
    public void openInHeads() {
        if (session == null || running.get()) return;
        pause();
        state.analyse(generatedText.get());
        openHeads.run();
    }

    /** Loads the causal built-in (what the encoder message offers). */
    public void loadCausalModel() {
        state.loadModel(CAUSAL_MODEL);
    }

    // ---- Internals --------------------------------------------------------------------------------------

    private record Prefilled(DecodeSession session, List<TokenChoice> top) {
    }

    /** A session's work, returning its result. */
    private interface SessionWork<T> {
        T call() throws Exception;
    }

    /** Runs work in the background; done(result) runs on the FX thread unless a newer session made it stale. */
    @SuppressWarnings("unchecked")
    private <T> void run(String what, SessionWork<T> job, Consumer<T> done) {
        error.set("");
        work.run(ctx -> job.call(), result -> done.accept((T) result), why -> {
            pause();
            error.set(what + " failed: " + why);
        });
    }

    private void afterChange() {
        canStep.set(session != null && session.canStep());
        generatedText.set(session == null ? ""
                : sessionModel.tokenizer().decode(session.promptIds()) + session.generatedText());
        stopReason.set(session == null ? "" : session.stopReason().orElse(""));
        refreshFrame();
    }

    /** Rebuilds the frame for the shown step and the selected head; safe while no task touches the session. */
    private void refreshFrame() {
        if (session == null || running.get()) {
            if (session == null) frame.set(null);
            return; // a running task refreshes when it finishes
        }
        ModelSpec c = session.model().config();
        int l = Math.min(state.layer(), c.layers() - 1), h = Math.min(state.head(), c.heads() - 1);
        int index = shown.get();
        DecodeStep step = index >= 0 ? steps.get(index) : null;
        int P = step != null ? step.cacheLen() : session.promptIds().length;
        KvSnapshot kv = null;
        List<KvSnapshot> caches = new ArrayList<>();
        for (int g = 0; g < c.kvHeads(); g++) { // each key/value head's cache, through its first query head
            int reader = g * c.attention().groupSize();
            KvSnapshot s = firstRows(session.kv(l, g == c.kvHeadOf(h) ? h : reader), P);
            caches.add(s);
            if (g == c.kvHeadOf(h)) kv = s;
        }
        String[] tokens = Arrays.copyOf(display, P);
        if (step != null)
            frame.set(new DecodeFrame(l, h, step, tokens, kv, caches, P - 1, step.head(l, h), step.top(), step.chosen(),
                    DecodeCounters.of(step, c), c));
        else
            frame.set(new DecodeFrame(l, h, null, tokens, kv, caches, 0, null, pendingTop, null,
                    DecodeCounters.prefill(P, c), c));
    }

    /** The first P positions of a cache snapshot (the cache as it was when an earlier step ran). */
    private static KvSnapshot firstRows(KvSnapshot all, int P) {
        int Dh = all.dHead();
        return new KvSnapshot(all.layer(), all.head(), P, Dh, Arrays.copyOf(all.keys(), P * Dh),
                Arrays.copyOf(all.values(), P * Dh));
    }

    private void dropSession() {
        session = null;
        sessionModel = null;
        display = new String[0];
        pendingTop = List.of();
        steps.clear();
        promptTokens.clear();
        prefilled.set(false);
        shown.set(-1);
        afterChange();
    }

    private void modelChanged(LoadedModel m) {
        reset();
        boolean enc = m != null && !m.config().causal();
        encoder.set(enc);
        encoderMessage.set(enc ? m.displayName() + " is a bidirectional encoder: every token attends to every other "
                + "token, including the ones after it, so it has no \"next token\" to predict and does not generate "
                + "text. Decoding needs a causal model, where each token sees only itself and the tokens before it "
                + "— that is what makes a KV cache possible." : "");
    }

    private void updateSampler() {
        try {
            sampler.current = Sampler.of(new SamplingSettings(temperature.get(), topK.get(), topP.get(), seed.get()));
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
        }
    }

    /** The ten most likely next tokens of a session's pending logits. Background thread. */
    private List<TokenChoice> topOfPending(DecodeSession s, Tokenizer tok) {
        float[] logits = s.pendingLogits();                  // (V)
        double[] p = Probabilities.softmax(logits);          // (V)
        double[] sampled = sampler.distribution(logits);     // (V)
        List<TokenChoice> top = new ArrayList<>();
        for (int id : Ranking.top(p, TOP)) top.add(new TokenChoice(id, tok.decode(new int[]{id}), p[id], sampled[id]));
        return top;
    }

    private static String[] displayOf(Tokenizer t, int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = t.displayToken(ids[i]);
        return out;
    }

    /**
     * The session's sampler, following the controls: a change applies from the next draw, and the draw
     * numbering (hence reproducibility by seed) is the session's.
     */
    private static final class LiveSampler implements Sampler {
        volatile Sampler current;

        @Override
        public double[] distribution(float[] logits) {
            return current.distribution(logits);
        }

        @Override
        public int pick(double[] distribution, long draw) {
            return current.pick(distribution, draw);
        }
    }
}
