package org.attentionlens.ui.decode;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.state.AppState;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

import java.util.List;
import java.util.Locale;

/**
 * The "Decode" tab: a causal model writes text one token at a time with a KV cache. For the selected layer and
 * head it shows the K and V caches growing (the new row outlined, the reused rows marked), the new token's q
 * (computed for this token only), its scores and softmax weights over the cached positions and the weighted sum
 * of V; beside it the next-token distribution and the cache's counters; above, a timeline of the tokens.
 */
public final class DecodeView extends StackPane {
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("ok");
    private static final PseudoClass BAD = PseudoClass.getPseudoClass("bad");

    private final DecodeViewModel vm;
    private final TextField prompt = new TextField();
    private final Button prefill = new Button("Prefill");
    private final Button step = new Button("Step", new FontIcon(MaterialDesignS.SKIP_NEXT));
    private final Button stepBack = new Button("Step back", new FontIcon(MaterialDesignS.SKIP_PREVIOUS));
    private final Button play = new Button("Play", new FontIcon(MaterialDesignP.PLAY));
    private final Button reset = new Button("Reset");
    private final Button openInHeads = new Button("Open in Heads");
    private final Button copyText = new Button("Copy text");
    private final TextArea text = new TextArea();
    private final Slider speed = new Slider(0.5, 10, 2);
    private final Spinner<Double> temperature = new Spinner<>(0, 5, 0.8, 0.1);
    private final Spinner<Integer> topK = new Spinner<>(0, 100_000, 40, 5);
    private final Spinner<Double> topP = new Spinner<>(0.05, 1, 0.95, 0.05);
    private final Spinner<Integer> seed = new Spinner<>(0, Integer.MAX_VALUE, 42, 1);
    private final CheckBox check = new CheckBox("Check each step against a full recompute");
    private final Label status = new Label();
    private final TokenTimeline timeline;
    private final Label title = new Label();
    private final Label cachedInfo = new Label();
    private final Label queryInfo = new Label();
    private final KvCacheView cache = new KvCacheView();
    private final KvHeadsStrip caches = new KvHeadsStrip();
    private final Label cachesTitle = new Label();
    private final Label scales = new Label();
    private final NextTokenBars bars = new NextTokenBars();
    private final Label positions = new Label(), memory = new Label(), flops = new Label(), checkResult = new Label();
    private final VBox encoderPanel = new VBox(12);
    private final BorderPane main = new BorderPane();

    public DecodeView(DecodeViewModel vm) {
        this.vm = vm;
        timeline = new TokenTimeline(vm::showStep);
        getStyleClass().add("decode-view");
        getStylesheets().add(DecodeView.class.getResource("decode.css").toExternalForm());
        createView();
        initListeners();
        show(vm.frameProperty().get());
        updateTimeline();
    }

    public DecodeViewModel viewModel() {
        return vm;
    }

    /** The cache drawing: its rowsProperty is the number of cached positions shown. */
    KvCacheView cacheView() {
        return cache;
    }

    NextTokenBars bars() {
        return bars;
    }

    TokenTimeline timeline() {
        return timeline;
    }

    // ---- View --------------------------------------------------------------------------------------------

    private void createView() {
        prompt.setId("decode-prompt");
        prompt.setPromptText("A prompt for the model to continue");
        prompt.setTooltip(new Tooltip("The text the model continues. Enter or Prefill runs it in one pass and fills the cache."));
        prefill.setId("decode-prefill");
        prefill.setTooltip(new Tooltip("Run the whole prompt in one pass: every prompt token's k and v go into the cache."));
        step.setId("decode-step");
        step.setTooltip(new Tooltip("Draw the next token, run only that token through the network, append its k and v "
                + "to the cache."));
        stepBack.setId("decode-step-back");
        stepBack.setTooltip(new Tooltip("Undo the last step: its token and its cache row are removed."));
        play.setId("decode-play");
        play.setTooltip(new Tooltip("Step on a timer at the chosen speed, one step at a time, until paused, the "
                + "end-of-text token or the context limit."));
        reset.setId("decode-reset");
        reset.setTooltip(new Tooltip("Forget this generation and its cache."));
        speed.getStyleClass().add("speed");
        speed.setTooltip(new Tooltip("Play speed: steps per second (0.5 to 10)"));
        Label speedValue = new Label();
        speedValue.textProperty().bind(Bindings.format(Locale.ROOT, "%.1f/s", speed.valueProperty()));
        speedValue.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(prompt, Priority.ALWAYS);
        Label promptLabel = new Label("Prompt");
        HBox row1 = new HBox(8, promptLabel, prompt, prefill, step, stepBack, play, speed, speedValue, reset);
        row1.setAlignment(Pos.CENTER_LEFT);

        for (Spinner<?> s : new Spinner<?>[]{temperature, topK, topP, seed}) lenient(s);
        seed.getStyleClass().add("seed");
        temperature.setTooltip(new Tooltip("Temperature divides the logits before softmax: below 1 sharpens the "
                + "distribution, above 1 flattens it; 0 is greedy (always the most likely token)."));
        topK.setTooltip(new Tooltip("Top-k keeps only the k most likely tokens before drawing; 0 = off."));
        topP.setTooltip(new Tooltip("Top-p (nucleus) keeps the smallest set of most likely tokens whose probabilities "
                + "add up to p; 1 = off."));
        seed.setTooltip(new Tooltip("Seed of the random draws: the same seed and settings give the same text."));
        check.setTooltip(new Tooltip("After every cached step, also run the whole sequence again without a cache and "
                + "compare logits and attention (max |Δ|, should be below 1e-4). Costs one full pass per step; "
                + "applies from the next Prefill."));
        status.getStyleClass().add("decode-status");
        status.setWrapText(true);
        HBox row2 = new HBox(8, new Label("Temperature"), temperature, new Label("top-k"), topK, new Label("top-p"), topP,
                new Label("Seed"), seed, check, status);
        row2.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        openInHeads.setId("decode-open-in-heads");
        openInHeads.setTooltip(new Tooltip("Analyse the prompt and the generated tokens as the app's text: every "
                + "head's attention over what the model wrote, in the Heads tab and the others"));
        copyText.setId("decode-copy-text");
        copyText.setTooltip(new Tooltip("Copy the prompt and the generated text to the clipboard"));
        text.setId("decode-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(2);
        text.getStyleClass().add("decode-text");
        text.setPromptText("The prompt and the generated text, to read or copy, appear here.");
        openInHeads.setMinWidth(Region.USE_PREF_SIZE);
        copyText.setMinWidth(Region.USE_PREF_SIZE);
        HBox row3 = new HBox(8, text, new VBox(4, openInHeads, copyText));
        HBox.setHgrow(text, Priority.ALWAYS);
        VBox top = new VBox(6, row1, row2, timeline, row3);
        top.getStyleClass().add("decode-controls");
        top.setPadding(new Insets(8, 10, 6, 10));
        main.setTop(top);

        title.getStyleClass().add("view-title");
        cachedInfo.getStyleClass().add("cached-info");
        queryInfo.getStyleClass().add("query-info");
        cachedInfo.setId("decode-cached-info");
        queryInfo.setId("decode-query-info");
        scales.getStyleClass().add("muted");
        scales.setWrapText(true);
        for (Label l : List.of(title, cachedInfo, queryInfo)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        javafx.scene.layout.FlowPane infos = new javafx.scene.layout.FlowPane(18, 2, cachedInfo, queryInfo);
        cachesTitle.getStyleClass().add("muted");
        cachesTitle.setId("kv-heads-title");
        cachesTitle.setWrapText(true);
        cachesTitle.setMinHeight(Region.USE_PREF_SIZE);
        caches.setOnPick(g -> { // the clicked cache's reader at the same place in its group
            ModelSpec c = vm.state().model().config();
            vm.state().selectHead(g * c.attention().groupSize() + vm.state().head() % c.attention().groupSize());
        });
        VBox centre = new VBox(4, title, infos, cachesTitle, caches, cache, scales);
        VBox.setVgrow(cache, Priority.ALWAYS);
        centre.setPadding(new Insets(8, 8, 6, 10));
        main.setCenter(centre);

        GridPane counters = new GridPane();
        counters.getStyleClass().add("decode-counters");
        counters.setHgap(8);
        counters.setVgap(4);
        counter(counters, 0, "Positions cached", positions, "Rows in the K and V caches of every layer and head.");
        counter(counters, 1, "Cache memory", memory, "2 (K and V) × layers × key/value heads × positions × d_head × 4 bytes.");
        counter(counters, 2, "Work saved", flops, "Matrix-product FLOPs of this cached step versus recomputing every "
                + "position from scratch (a multiply-add counts 2).");
        counter(counters, 3, "Recompute check", checkResult, "The cached step's logits and attention compared with a "
                + "full pass over the whole sequence without a cache: green when the largest difference is below 1e-4.");
        Label countersTitle = new Label("KV cache");
        countersTitle.getStyleClass().add("section-title");
        VBox side = new VBox(10, bars, new Separator(), countersTitle, counters);
        side.setPadding(new Insets(8, 10, 8, 10));
        ScrollPane sideScroll = new ScrollPane(side);
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().addAll("side-panel", "decode-side");
        main.setRight(sideScroll);

        encoderPanel.setId("decode-encoder");
        encoderPanel.getStyleClass().add("encoder-panel");
        encoderPanel.setAlignment(Pos.CENTER);
        encoderPanel.setMaxWidth(640);
        encoderPanel.setMaxHeight(Region.USE_PREF_SIZE);
        encoderPanel.setPadding(new Insets(24));
        Label encTitle = new Label("This model does not generate text");
        encTitle.getStyleClass().add("view-title");
        Label encText = new Label();
        encText.setWrapText(true);
        encText.textProperty().bind(vm.encoderMessageProperty());
        Button load = new Button("Load a causal model (" + DecodeViewModel.CAUSAL_MODEL + ")");
        load.setId("decode-load-causal");
        load.setDefaultButton(true);
        load.setTooltip(new Tooltip("Loads " + DecodeViewModel.CAUSAL_MODEL + ", a small GPT trained for this app. "
                + "A GPT-2 model folder opened from the model picker works too."));
        load.setOnAction(e -> vm.loadCausalModel());
        Label alt = new Label("…or open a GPT-2 model folder from the model picker.");
        alt.getStyleClass().add("muted");
        encoderPanel.getChildren().addAll(encTitle, encText, load, alt);
        getChildren().addAll(main, encoderPanel);
        StackPane.setAlignment(encoderPanel, Pos.CENTER);
    }

    /**
     * Editable, and forgiving: text that is not a number puts the last good value back instead of throwing, and
     * leaving the field commits what was typed.
     */
    private static <T> void lenient(Spinner<T> s) {
        s.setEditable(true);
        SpinnerValueFactory<T> f = s.getValueFactory();
        StringConverter<T> strict = f.getConverter();
        f.setConverter(new StringConverter<>() {
            @Override
            public String toString(T value) {
                return strict.toString(value);
            }

            @Override
            public T fromString(String text) {
                try {
                    T v = strict.fromString(text.trim());
                    return v != null ? v : f.getValue();
                } catch (RuntimeException e) {
                    return f.getValue();
                }
            }
        });
        s.focusedProperty().addListener((o, was, now) -> {
            if (now) return;
            s.commitValue();
            s.getEditor().setText(f.getConverter().toString(f.getValue()));
        });
    }

    private static void counter(GridPane grid, int row, String name, Label value, String tip) {
        Label n = new Label(name);
        n.getStyleClass().add("counter-name");
        n.setMinWidth(Region.USE_PREF_SIZE);
        value.getStyleClass().add("counter-value");
        value.setWrapText(true);
        Tooltip t = new Tooltip(tip);
        t.setWrapText(true);
        t.setMaxWidth(420);
        Tooltip.install(n, t);
        Tooltip.install(value, t);
        grid.addRow(row, n, value);
        GridPane.setHgrow(value, Priority.ALWAYS);
    }

    private void initListeners() {
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.setOnAction(e -> vm.prefill());
        prefill.setOnAction(e -> vm.prefill());
        step.setOnAction(e -> vm.step());
        stepBack.setOnAction(e -> vm.stepBack());
        play.setOnAction(e -> vm.togglePlay());
        reset.setOnAction(e -> vm.reset());
        openInHeads.setOnAction(e -> vm.openInHeads());
        copyText.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(vm.generatedTextProperty().get());
            Clipboard.getSystemClipboard().setContent(c);
        });
        text.textProperty().bind(vm.generatedTextProperty());
        speed.valueProperty().bindBidirectional(vm.speedProperty());
        temperature.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.temperatureProperty().set(b);
        });
        topK.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.topKProperty().set(b);
        });
        topP.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.topPProperty().set(b);
        });
        seed.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) vm.seedProperty().set(b);
        });
        temperature.getValueFactory().setValue(vm.temperatureProperty().get());
        topK.getValueFactory().setValue(vm.topKProperty().get());
        topP.getValueFactory().setValue(vm.topPProperty().get());
        seed.getValueFactory().setValue((int) vm.seedProperty().get());
        check.selectedProperty().bindBidirectional(vm.checkProperty());

        var running = vm.runningProperty();
        prefill.disableProperty().bind(running);
        prompt.disableProperty().bind(running.or(vm.playingProperty()));
        step.disableProperty().bind(running.or(vm.canStepProperty().not()).or(vm.playingProperty()));
        stepBack.disableProperty().bind(running.or(Bindings.isEmpty(vm.steps())).or(vm.playingProperty()));
        play.disableProperty().bind(vm.canStepProperty().not().and(vm.playingProperty().not()));
        reset.disableProperty().bind(vm.prefilledProperty().not());
        openInHeads.disableProperty().bind(vm.prefilledProperty().not().or(running));
        copyText.disableProperty().bind(vm.prefilledProperty().not());
        vm.playingProperty().addListener((o, a, p) -> {
            play.setText(p ? "Pause" : "Play");
            play.setGraphic(new FontIcon(p ? MaterialDesignP.PAUSE : MaterialDesignP.PLAY));
        });
        status.textProperty().bind(Bindings.createStringBinding(this::statusText, vm.errorProperty(),
                vm.stopReasonProperty(), vm.runningProperty(), vm.prefilledProperty(), vm.playingProperty(),
                vm.speedProperty()));
        vm.errorProperty().addListener((o, a, b) -> status.pseudoClassStateChanged(ERROR, !b.isEmpty()));

        main.visibleProperty().bind(vm.encoderProperty().not());
        encoderPanel.visibleProperty().bind(vm.encoderProperty());
        vm.frameProperty().addListener((o, a, f) -> show(f));
        vm.steps().addListener((ListChangeListener<DecodeStep>) c -> updateTimeline());
        vm.promptTokens().addListener((ListChangeListener<String>) c -> updateTimeline());
        vm.shownProperty().addListener((o, a, b) -> updateTimeline());
        vm.state().modelProperty().addListener((o, a, b) -> show(vm.frameProperty().get()));
    }

    private String statusText() {
        if (!vm.errorProperty().get().isEmpty()) return vm.errorProperty().get();
        if (!vm.stopReasonProperty().get().isEmpty()) return "Stopped: " + vm.stopReasonProperty().get() + ".";
        if (vm.playingProperty().get()) return String.format(Locale.ROOT, "Playing at %.1f steps/s…", vm.speedProperty().get());
        if (vm.runningProperty().get()) return "Running…";
        return vm.prefilledProperty().get() ? "" : "Press Prefill to run the prompt.";
    }

    private void updateTimeline() {
        timeline.show(vm.promptTokens(), vm.steps(), vm.shownProperty().get());
    }

    private void show(DecodeFrame f) {
        if (f == null) {
            AppState s = vm.state();
            caches.show(null);
            cachesTitle.setText("");
            cache.showHint(s.model() == null ? "Loading a model…"
                    : "Type a prompt and press Prefill: the prompt runs in one pass and fills the KV cache.");
            title.setText("");
            cachedInfo.setText("");
            queryInfo.setText("");
            scales.setText("");
            bars.show(List.of(), null, "Next-token distribution");
            positions.setText("—");
            memory.setText("—");
            flops.setText("—");
            checkResult.setText("—");
            setCheck(null);
            return;
        }
        cache.show(f);
        caches.show(f);
        cachesTitle.setText(cachesTitle(f));
        scales.setText(cache.scalesText());
        int P = f.positions();
        if (f.afterPrefill()) {
            title.setText(String.format(Locale.ROOT, "Layer %d · Head %d — after the prefill: %d prompt tokens in the cache",
                    f.layer(), f.headIndex(), P));
            cachedInfo.setText("K/V cached: " + P + " rows, all computed in one pass over the prompt");
            queryInfo.setText("q: none yet — each step computes one, for its token only, and does not cache it");
            bars.show(f.top(), null, "Next-token distribution (top 10) — the first step draws from this");
        } else {
            DecodeStep s = f.step();
            title.setText(String.format(Locale.ROOT, "Layer %d · Head %d — step %d: “%s” at position %d attends over %d cached positions",
                    f.layer(), f.headIndex(), s.index() + 1, NextTokenBars.visible(s.token()), s.position(), P));
            cachedInfo.setText("K/V cached: reused " + f.reused() + (f.reused() == 1 ? " row, " : " rows, ") + "1 new row");
            queryInfo.setText("q: computed for this token only, not cached");
            bars.show(f.top(), f.chosen(), "Next-token distribution (top 10) at step " + (s.index() + 1)
                    + " — the drawn token is marked");
        }
        DecodeCounters c = f.counters();
        positions.setText(c.positionsText());
        memory.setText(c.memoryText());
        flops.setText(c.flopsText());
        checkResult.setText(c.checkText());
        setCheck(c.stepped() && c.checked() ? c.checkPassed() : null);
    }

    /** What the strip of caches shows: how many the model keeps per layer, and whom the shown head shares it with. */
    private static String cachesTitle(DecodeFrame f) {
        ModelSpec c = f.spec();
        int H = c.heads(), Hkv = c.kvHeads();
        String s = "Layer " + f.layer() + " caches " + Hkv + " K/V head" + (Hkv == 1 ? "" : "s");
        if (Hkv == H) return s + ", one per query head. Below: head " + f.headIndex() + "'s.";
        return s + " for " + H + " query heads (grouped-query attention). Head " + f.headIndex() + " "
                + AttentionText.kvShare(c, f.headIndex()) + "; below, that cache.";
    }

    private void setCheck(Boolean passed) {
        checkResult.pseudoClassStateChanged(OK, passed != null && passed);
        checkResult.pseudoClassStateChanged(BAD, passed != null && !passed);
    }
}
