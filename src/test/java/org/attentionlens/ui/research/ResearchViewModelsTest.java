package org.attentionlens.ui.research;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.attribution.DirectLogitAttribution;
import org.attentionlens.analysis.circuits.CircuitScores;
import org.attentionlens.analysis.lens.LogitLens;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The research view models on a real random-weight causal model and a real encoder, work run in the calling thread:
 * what each shows against the analysis run directly, when it recomputes, and how it says a method does not apply.
 */
@ExtendWith(ApplicationExtension.class)
class ResearchViewModelsTest {
    private static final String TEXT = "the cat sat on the mat";
    private AppState state;

    @BeforeEach
    void setUp() throws Exception {
        Settings settings = Settings.open();
        settings.clear();
        state = Fx.call(() -> new AppState(new TinyModelSource(), TaskExecutor.currentThread(), settings));
        load(TinyModelSource.GPT);
    }

    private void load(String id) throws TimeoutException {
        Fx.run(() -> {
            state.analyse(TEXT);
            state.loadModel(id);
        });
        Fx.await(() -> state.trace() != null && state.trace().model() == state.model().transformer()
                && !state.busyProperty().get(), "the text analysed by " + id);
    }

    @Test
    void theLensFollowsTheTextWhileShownAndReadsTheTarget() throws Exception {
        LensViewModel vm = Fx.call(() -> new LensViewModel(state));
        assertNull(Fx.call(() -> vm.shownProperty().get()), "nothing computed while hidden");
        Fx.run(() -> vm.setActive(true));
        LensViewModel.Shown s = Fx.call(() -> vm.shownProperty().get());
        AttentionTrace t = Fx.call(state::trace);
        LogitLens direct = LogitLens.of(t, -1, LensViewModel.TOP, Progress.NONE);
        assertArrayEquals(direct.cell(1, 3).topIds(), s.lens().cell(1, 3).topIds());
        assertEquals(t.length(), s.columns().length);
        LoadedModel m = Fx.call(state::model);
        assertEquals(m.tokenizer().displayToken(direct.cell(0, 2).top()), s.top()[0][2][0]);
        Fx.run(() -> {
            vm.targetProperty().set("t");
            vm.compute();
        });
        assertEquals("t", Fx.call(() -> vm.shownProperty().get().target()));
        assertTrue(Fx.call(() -> vm.shownProperty().get().lens().cell(1, 0).targetRank()) >= 1);
        Fx.run(() -> vm.targetProperty().set("tt"));
        Fx.run(vm::compute);
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("\"tt\" is 2 tokens"), Fx.call(() -> vm.errorProperty().get()));
        Fx.run(() -> {
            vm.targetProperty().set("");
            state.analyse("a new text");
        });
        Fx.await(() -> vm.shownProperty().get() != null && vm.shownProperty().get().columns().length == 10, "the new text's lens");
    }

    @Test
    void aMethodThatDoesNotApplySaysSoInOneLine() throws Exception {
        load(TinyModelSource.BERT);
        LensViewModel lens = Fx.call(() -> new LensViewModel(state));
        AttributionViewModel attribution = Fx.call(() -> new AttributionViewModel(state));
        Fx.run(() -> {
            lens.setActive(true);
            attribution.setActive(true);
        });
        assertNull(Fx.call(() -> lens.shownProperty().get()));
        assertTrue(Fx.call(() -> lens.errorProperty().get()).contains("does not apply"), Fx.call(() -> lens.errorProperty().get()));
        assertTrue(Fx.call(() -> attribution.errorProperty().get()).contains("encoder"));
    }

    @Test
    void attributionDefaultsToThePredictionAgainstTheRunnerUp() throws Exception {
        AttributionViewModel vm = Fx.call(() -> new AttributionViewModel(state));
        Fx.run(() -> vm.setActive(true));
        DirectLogitAttribution d = Fx.call(() -> vm.shownProperty().get().attribution());
        assertTrue(d.logitDiff() >= 0);
        assertEquals(d.preCapDiff(), d.sum(), 1e-4);
    }

    @Test
    void patchingRunsEachGridOnRequestAndNeedsPromptsOfOneLength() throws Exception {
        PatchingViewModel vm = Fx.call(() -> new PatchingViewModel(state));
        Fx.run(() -> {
            vm.setActive(true);
            vm.patchHeads();
        });
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("Type a corrupted prompt"));
        Fx.run(() -> {
            vm.corruptedProperty().set("the dog sat on the mat");
            vm.patchHeads();
            vm.patchResidual();
        });
        PatchingViewModel.Grid heads = Fx.call(() -> vm.headsProperty().get()), residual = Fx.call(() -> vm.residualProperty().get());
        assertEquals(2, heads.shares().length);
        assertEquals(4, heads.shares()[0].length);
        assertEquals(22, residual.columns().length, "one column per byte of the corrupted prompt");
        assertEquals(1, residual.shares()[1][21], 1e-5);
        Fx.run(() -> {
            vm.corruptedProperty().set("a dog");
            vm.patchHeads();
        });
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("same length"));
    }

    @Test
    void knockoutUsesTheSelectedCellAndAblationItsMode() throws Exception {
        KnockoutViewModel vm = Fx.call(() -> new KnockoutViewModel(state));
        assertEquals(1, Fx.call(() -> vm.lastLayerProperty().get()), "every layer by default");
        Fx.run(() -> {
            state.selectCell(new org.attentionlens.ui.common.Cell(5, 2));
            vm.useSelectedCell();
            vm.knockOut();
        });
        KnockoutViewModel.Outcome o = Fx.call(() -> vm.outcomeProperty().get());
        assertEquals("Blocked query 5 → key 2 in layers 0–1", o.what());
        assertTrue(o.blockedWeight() > 0 && o.kl() > 0);
        Fx.run(() -> {
            vm.ablationProperty().set(Ablation.Mode.MEAN);
            state.selectHead(1, 2);
            vm.ablateSelectedHead();
        });
        o = Fx.call(() -> vm.outcomeProperty().get());
        assertEquals("Head 1.2 set to its mean output over the text", o.what());
        assertTrue(Double.isNaN(o.blockedWeight()));
    }

    @Test
    void circuitScoresFollowTheModelNotTheText() throws Exception {
        CircuitsViewModel vm = Fx.call(() -> new CircuitsViewModel(state));
        Fx.run(() -> vm.setActive(true));
        CircuitScores s = Fx.call(() -> vm.scoresProperty().get());
        assertNotNull(s, "a small model's scores come by themselves");
        assertEquals(8, Fx.call(() -> vm.rowsProperty().get()).size());
        CircuitsViewModel.Row r = Fx.call(() -> vm.rowsProperty().get().get(5)); // head 1.1
        assertNotNull(r.k());
        assertEquals(s.composition(CircuitScores.Kind.K, Integer.parseInt(r.k().head().split("\\.")[0]),
                Integer.parseInt(r.k().head().split("\\.")[1]), 1, 1), r.k().score(), 0);
        assertNull(Fx.call(() -> vm.rowsProperty().get().get(0)).q(), "layer 0 reads from no earlier head");
        Fx.run(() -> state.analyse("another text"));
        Fx.await(() -> !state.busyProperty().get(), "the pass");
        assertSame(s, Fx.call(() -> vm.scoresProperty().get()), "a new text keeps the weights' scores");
    }

    @Test
    void aCheckpointComparedWithItselfMovesNothing() throws Exception {
        CompareViewModel vm = Fx.call(() -> new CompareViewModel(state));
        Fx.run(() -> {
            vm.setActive(true);
            vm.compareWith(TinyModelSource.GPT);
        });
        assertEquals(8, Fx.call(() -> vm.rowsProperty().get()).size());
        for (CompareViewModel.Row r : Fx.call(() -> vm.rowsProperty().get())) {
            assertEquals(0, r.patternChange(), 0);
            assertEquals(r.a().previousToken(), r.b().previousToken(), 0);
        }
        Fx.run(() -> vm.compareWith(TinyModelSource.BERT));
        assertTrue(Fx.call(() -> vm.errorProperty().get()).contains("different models"), Fx.call(() -> vm.errorProperty().get()));
    }
}
