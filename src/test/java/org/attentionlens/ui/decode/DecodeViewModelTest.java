package org.attentionlens.ui.decode;

import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The decode tab's view model on real random-weight models: the frame's cache rows against the session, the
 * counters against their formulas, timeline re-selection, play to the context limit, and the encoder message.
 */
@ExtendWith(ApplicationExtension.class)
class DecodeViewModelTest {
    private static final String PROMPT = "The cat"; // 7 byte tokens
    private AppState state;
    private DecodeViewModel vm;
    private int headsOpened;

    @BeforeEach
    void setUp() throws Exception {
        Settings settings = Settings.open();
        settings.clear();
        state = Fx.call(() -> new AppState(new TinyModelSource(), TaskExecutor.currentThread(), settings));
        vm = Fx.call(() -> new DecodeViewModel(state, () -> headsOpened++));
    }

    private void load(String id) throws Exception {
        Fx.run(() -> state.loadModel(id));
        Fx.await(() -> state.model() != null && state.model().id().equals(id) && !state.busyProperty().get(), "the expected state");
    }

    private void prefill(String prompt) throws Exception {
        Fx.run(() -> {
            vm.promptProperty().set(prompt);
            vm.prefill();
        });
        Fx.await(() -> vm.prefilledProperty().get() && !vm.runningProperty().get(), "the expected state");
    }

    private void step() throws Exception {
        int before = Fx.call(() -> vm.steps().size());
        Fx.run(vm::step);
        Fx.await(() -> vm.steps().size() == before + 1 && !vm.runningProperty().get(), "the expected state");
    }

    @Test
    void prefillStepsAndStepBackGrowAndShrinkTheCache() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        DecodeFrame f = Fx.call(() -> vm.frameProperty().get());
        assertTrue(f.afterPrefill());
        assertEquals(7, f.positions(), "the prefill caches every prompt token");
        assertEquals(0, f.reused());
        assertEquals(-1, f.newRow());
        assertNull(f.head(), "no query before the first step");
        assertEquals(10, f.top().size(), "the first draw's distribution is shown after the prefill");
        for (int i = 1; i < f.top().size(); i++) assertTrue(f.top().get(i - 1).p() >= f.top().get(i).p());

        for (int s = 0; s < 3; s++) step();
        f = Fx.call(() -> vm.frameProperty().get());
        assertEquals(10, f.positions());
        assertEquals(9, f.reused(), "all rows but the new one come from the cache");
        assertEquals(9, f.newRow());
        assertEquals(2, f.step().index());
        assertEquals(3, Fx.call(() -> vm.shownProperty().get()) + 1);

        Fx.run(vm::stepBack);
        Fx.await(() -> vm.steps().size() == 2 && !vm.runningProperty().get(), "the expected state");
        f = Fx.call(() -> vm.frameProperty().get());
        assertEquals(9, f.positions(), "stepping back removes the last row");
        assertEquals(1, f.step().index());
        assertTrue(Fx.call(() -> vm.canStepProperty().get()));
    }

    @Test
    void theNewCacheRowIsTheStepsOwnKeyAndValue() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        step();
        step();
        Fx.run(() -> state.selectHead(1, 3));
        DecodeFrame f = Fx.call(() -> vm.frameProperty().get());
        assertEquals(1, f.layer());
        assertEquals(3, f.headIndex());
        DecodeStep last = f.step();
        assertArrayEquals(last.head(1, 3).k(), f.kv().key(f.newRow()), "the new K row is the k computed in this step");
        assertArrayEquals(last.head(1, 3).v(), f.kv().value(f.newRow()));
        assertEquals(f.positions(), f.head().cacheLen(), "q attends over exactly the cached rows");
    }

    @Test
    void countersFollowTheirFormulas() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        ModelSpec c = Fx.call(() -> state.model().config());
        DecodeCounters pre = Fx.call(() -> vm.frameProperty().get().counters());
        assertEquals(7, pre.positions());
        assertEquals(2L * c.layers() * c.kvHeads() * 7 * c.dHead() * 4, pre.cacheBytes());
        assertFalse(pre.stepped());
        assertEquals("— (no step yet)", pre.checkText());

        step();
        DecodeFrame f = Fx.call(() -> vm.frameProperty().get());
        DecodeCounters k = f.counters();
        assertEquals(8, k.positions());
        assertEquals("8 positions", k.positionsText());
        assertEquals(2L * c.layers() * c.kvHeads() * 8 * c.dHead() * 4, k.cacheBytes());
        assertEquals(f.step().recomputeFlops() - f.step().cachedFlops(), k.flopsSaved());
        assertTrue(k.flopsSaved() > 0);
        assertTrue(k.checked());
        assertTrue(k.checkPassed(), "cached step equals the full recompute: " + k.maxAbsDiff());
        assertTrue(k.checkText().contains("✓"), k.checkText());
    }

    @Test
    void humanReadableUnits() throws Exception {
        assertEquals("512 B", org.attentionlens.ui.common.Numbers.bytes(512));
        assertEquals("1.5 KiB", org.attentionlens.ui.common.Numbers.bytes(1536));
        assertEquals("36.0 MiB", org.attentionlens.ui.common.Numbers.bytes(36L * 1024 * 1024));
        assertEquals("950 FLOP", DecodeCounters.flops(950));
        assertEquals("1.23 MFLOP", DecodeCounters.flops(1_234_000));
        assertEquals("4.50 GFLOP", DecodeCounters.flops(4_500_000_000L));
        DecodeCounters off = new DecodeCounters(3, 100, 4, 4, 10, 40, Double.NaN);
        assertEquals("off", off.checkText());
        DecodeCounters bad = new DecodeCounters(3, 100, 4, 4, 10, 40, 2e-3);
        assertFalse(bad.checkPassed());
        assertTrue(bad.checkText().contains("✗"));
    }

    @Test
    void clickingATimelineStepShowsThatStepAgain() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        for (int s = 0; s < 3; s++) step();
        List<DecodeStep> steps = Fx.call(() -> List.copyOf(vm.steps()));
        Fx.run(() -> vm.showStep(0));
        DecodeFrame f = Fx.call(() -> vm.frameProperty().get());
        assertSame(steps.get(0), f.step());
        assertEquals(8, f.positions(), "the cache as it was at step 1");
        assertEquals(steps.get(0).top(), f.top());
        assertEquals(steps.get(0).chosen(), f.chosen());
        assertArrayEquals(steps.get(0).head(0, 0).k(), f.kv().key(7));
        assertEquals(steps.get(0).cacheBytes(), f.counters().cacheBytes());

        Fx.run(() -> vm.showStep(-1));
        assertTrue(Fx.call(() -> vm.frameProperty().get().afterPrefill()));
        assertEquals(7, Fx.call(() -> vm.frameProperty().get().positions()));

        Fx.run(() -> vm.showStep(2));
        assertEquals(10, Fx.call(() -> vm.frameProperty().get().positions()));
        Fx.run(() -> vm.showStep(7)); // not a step: ignored
        assertEquals(2, Fx.call(() -> vm.shownProperty().get()));
    }

    @Test
    void playStepsOneAtATimeUntilTheContextLimit() throws Exception {
        load(TinyModelSource.SHORT_GPT);
        Fx.run(() -> vm.speedProperty().set(10));
        prefill(PROMPT);
        Fx.run(vm::play);
        Fx.await(() -> !vm.playingProperty().get() && !vm.runningProperty().get(), "the expected state");
        List<DecodeStep> steps = Fx.call(() -> List.copyOf(vm.steps()));
        // the end-of-text token may stop it earlier; otherwise it fills the context
        String reason = Fx.call(() -> vm.stopReasonProperty().get());
        assertFalse(reason.isEmpty(), "play stops with the session's reason");
        if (reason.contains("context")) assertEquals(TinyModelSource.SHORT_CONTEXT - 7, steps.size());
        for (int i = 0; i < steps.size(); i++) assertEquals(i, steps.get(i).index(), "steps in order, none overlapping");
        assertFalse(Fx.call(() -> vm.canStepProperty().get()));
    }

    @Test
    void anEncoderExplainsThatItDoesNotGenerateAndOffersACausalModel() throws Exception {
        load(TinyModelSource.BERT);
        assertTrue(Fx.call(() -> vm.encoderProperty().get()));
        String msg = Fx.call(() -> vm.encoderMessageProperty().get());
        assertTrue(msg.contains("bidirectional encoder"), msg);
        assertTrue(msg.contains("does not generate"), msg);
        Fx.run(vm::prefill);
        assertFalse(Fx.call(() -> vm.prefilledProperty().get()));
        assertEquals(msg, Fx.call(() -> vm.errorProperty().get()));

        Fx.run(vm::loadCausalModel);
        Fx.await(() -> state.model() != null && state.model().config().causal() && !state.busyProperty().get(), "the expected state");
        assertEquals(DecodeViewModel.CAUSAL_MODEL, Fx.call(() -> state.model().id()));
        assertFalse(Fx.call(() -> vm.encoderProperty().get()));
        assertEquals("", Fx.call(() -> vm.encoderMessageProperty().get()));
    }

    @Test
    void aPromptLongerThanTheContextGetsAReadableError() throws Exception {
        load(TinyModelSource.SHORT_GPT);
        Fx.run(() -> {
            vm.promptProperty().set("a prompt far longer than twelve bytes");
            vm.prefill();
        });
        Fx.await(() -> !vm.runningProperty().get() && !vm.errorProperty().get().isEmpty(), "the expected state");
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("shorten it"));
        assertFalse(Fx.call(() -> vm.prefilledProperty().get()));
    }

    @Test
    void aNewModelDropsTheSession() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        step();
        load(TinyModelSource.SHORT_GPT);
        assertFalse(Fx.call(() -> vm.prefilledProperty().get()));
        assertTrue(Fx.call(() -> vm.steps().isEmpty()));
        assertNull(Fx.call(() -> vm.frameProperty().get()));
    }

    @Test
    void theGeneratedSequenceOpensInTheHeadsTabAsPlainText() throws Exception {
        load(TinyModelSource.GPT);
        prefill(PROMPT);
        for (int s = 0; s < 3; s++) step();
        String text = Fx.call(() -> vm.generatedTextProperty().get());
        assertTrue(text.startsWith(PROMPT) && text.length() > PROMPT.length(), text);
        Fx.run(vm::openInHeads);
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the analysed sequence");
        assertEquals(text, state.textProperty().get(), "the generated text is the app's text now");
        assertEquals(1, headsOpened, "and the Heads tab is shown");
        assertEquals(text, state.model().tokenizer().decode(state.trace().tokens().ids()),
                "the analysed tokens spell the generated text (a random model may write partial UTF-8, so not always "
                        + "the same ids)");
    }
}
