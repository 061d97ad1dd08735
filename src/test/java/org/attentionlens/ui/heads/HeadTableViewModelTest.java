package org.attentionlens.ui.heads;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.HeadMeasures;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.InductionProbe;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.LoadedModel;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The head table's view model on a real random-weight causal model: rows against measures computed here
 * directly, sort keys, row selection, badges and their rules, and the comparisons against independent runs.
 */
@ExtendWith(ApplicationExtension.class)
class HeadTableViewModelTest {
    private static final String TEXT = "the cat sat on the mat and the cat ran";
    private AppState state;
    private HeadTableViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        Settings settings = Settings.open();
        settings.clear();
        state = Fx.call(() -> new AppState(new TinyModelSource(), TaskExecutor.currentThread(), settings));
        vm = Fx.call(() -> new HeadTableViewModel(state));
        Fx.run(() -> {
            state.analyse(TEXT);
            state.loadModel(TinyModelSource.GPT);
        });
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the expected state");
        Fx.run(() -> vm.setActive(true));
        Fx.await(() -> !vm.rows().isEmpty() && !vm.computingProperty().get() && vm.rolloutProperty().get() != null
                && vm.differenceProperty().get() != null, "the expected state");
    }

    private ModelSpec config() {
        return Fx.call(() -> state.model().config());
    }

    @Test
    void oneRowPerHeadWithTheMeasuresOfItsWeights() throws Exception {
        AttentionTrace t = Fx.call(state::trace);
        LoadedModel m = Fx.call(state::model);
        ModelSpec c = t.config();
        List<HeadRow> rows = Fx.call(() -> List.copyOf(vm.rows()));
        assertEquals(c.layers() * c.heads(), rows.size());
        assertEquals(1.0, Fx.call(() -> vm.progressProperty().get()));
        InductionProbe.Result probe = InductionProbe.run(m.transformer(), m.tokenizer(), HeadReport.PROBE_SEED).orElseThrow();
        for (HeadRow r : rows) {
            HeadMeasures.Values v = HeadMeasures.measure(t.head(r.layer(), r.head()), t.tokens().ids());
            HeadStats s = r.stats();
            assertEquals(v.entropy(), s.entropy(), 1e-12);
            assertEquals(v.confidence(), s.confidence(), 1e-12);
            assertEquals(v.previousToken(), s.previousToken(), 1e-12);
            assertEquals(v.sink(), s.sink(), 1e-12);
            assertEquals(v.sinkValueShare(), s.sinkValueShare(), 1e-12);
            assertEquals(probe.score(r.layer(), r.head()), s.induction(), 1e-12);
            assertEquals(HeadKind.classify(s.induction(), s.previousToken(), s.sink(), s.distance(),
                    s.normalisedEntropy()), s.kind(), "the badge follows HeadKind's rules");
            assertEquals(s.kind().key(), HeadColumn.KIND.text(r));
            int S = Math.min(t.length(), HeadTableViewModel.SPARKLINE);
            assertEquals(S, (int) r.sparkline().getWidth(), "sparkline downsampled to at most 24 px");
        }
        assertTrue(Fx.call(() -> vm.noteProperty().get()).contains("repeated twice"));
    }

    @Test
    void sparklinesFromThePassThumbnailsAreTheHeadsOwnWeightsShrunk() {
        ModelSpec c = ModelSpec.gpt2Builder("gqa-long", 2, 4, 8, 32, 64, 257, 300, 1e-5f).kvHeads(2).build();
        AttentionTrace t = AttentionTrace.capture(org.attentionlens.model.RandomWeights.create(c, 3,
                org.attentionlens.tensor.Kernels.best()), org.attentionlens.tokenizer.Tokens.ofIds(
                java.util.stream.IntStream.range(0, 250).map(i -> (i * 37) % 257).toArray(), null));
        for (int l = 0; l < c.layers(); l++)
            for (int h = 0; h < c.heads(); h++) {
                org.attentionlens.model.HeadMatrices m = t.head(l, h);
                float[] own = org.attentionlens.viz.MatrixRaster.downsampleMax(org.attentionlens.viz.MatrixRaster
                        .withMasked(m.weights(), m.T(), m::masked), m.T(), HeadTableViewModel.SPARKLINE);
                int[] expected = org.attentionlens.viz.MatrixRaster.rasterize(own, HeadTableViewModel.SPARKLINE,
                        org.attentionlens.viz.ValueScale.weights());
                var img = HeadTableViewModel.sparkline(t, l, h);
                int S = HeadTableViewModel.SPARKLINE;
                int[] shown = new int[S * S];
                img.getPixelReader().getPixels(0, 0, S, S, javafx.scene.image.PixelFormat.getIntArgbInstance(), shown, 0, S);
                assertArrayEquals(expected, shown, "head " + l + "." + h + " at 250 tokens");
            }
    }

    @Test
    void sortKeysAreTheMeasuresWithMissingValuesLast() throws Exception {
        List<HeadRow> rows = Fx.call(() -> List.copyOf(vm.rows()));
        for (HeadColumn col : HeadColumn.values()) {
            List<HeadRow> sorted = new ArrayList<>(rows);
            sorted.sort(col.comparator());
            boolean seenNaN = false;
            for (int i = 0; i < sorted.size(); i++) {
                double k = col.key(sorted.get(i));
                if (Double.isNaN(k)) seenNaN = true;
                else {
                    assertFalse(seenNaN, col + ": a value after a missing one");
                    if (i > 0 && !Double.isNaN(col.key(sorted.get(i - 1))))
                        assertTrue(col.key(sorted.get(i - 1)) <= k, col + " not ascending");
                }
            }
        }
        HeadRow any = rows.get(5);
        assertEquals(any.stats().entropy(), HeadColumn.ENTROPY.key(any));
        assertEquals(any.stats().sinkValueShare(), HeadColumn.SINK_VALUE_SHARE.key(any));
        assertEquals(any.stats().distance(), HeadColumn.DISTANCE.key(any));
        assertEquals(any.stats().induction(), HeadColumn.INDUCTION.key(any));
        List<HeadRow> byHead = new ArrayList<>(rows);
        byHead.sort(HeadColumn.HEAD.comparator());
        assertEquals(rows, byHead, "the head column sorts by layer, then head");
        assertTrue(HeadColumn.SINK_VALUE_SHARE.text(any).endsWith(" · raw " + HeadTableFormat.num(any.stats().sink())));
        assertEquals(String.format(Locale.ROOT, "%.3f ± %.3f", any.stats().entropy(), any.stats().entropyStd()),
                HeadColumn.ENTROPY.text(any));
    }

    @Test
    void headersAndBadgesExplainThemselves() throws Exception {
        for (HeadColumn col : HeadColumn.values()) {
            assertFalse(col.definition().isBlank());
            if (col.measure() != null) assertEquals(col.measure().definition(), col.definition());
        }
        String rules = HeadTableViewModel.kindRules();
        assertTrue(rules.contains(String.format(Locale.ROOT, "%.2f", HeadKind.INDUCTION_MIN)));
        assertTrue(rules.contains(String.format(Locale.ROOT, "%.2f", HeadKind.PREVIOUS_TOKEN_MIN)));
        assertTrue(rules.contains(String.format(Locale.ROOT, "%.1f", HeadKind.LOCAL_MAX_DISTANCE)));
        assertTrue(rules.contains(String.format(Locale.ROOT, "%.2f", HeadKind.BROAD_MIN_NORMALISED_ENTROPY)));
        for (HeadKind k : HeadKind.values()) assertTrue(rules.contains(k.key()), k.key());
        assertTrue(HeadColumn.KIND.definition().contains("first rule"));
    }

    @Test
    void selectingARowSelectsItsHead() throws Exception {
        HeadRow r = Fx.call(() -> vm.rows().get(vm.rows().size() - 2));
        Fx.run(() -> vm.select(r));
        assertEquals(r.layer(), Fx.call(state::layer));
        assertEquals(r.head(), Fx.call(state::head));
    }

    @Test
    void theDifferenceIsHeadAMinusHeadBOfTheTrace() throws Exception {
        int H = config().heads();
        Fx.run(() -> {
            vm.headAProperty().set(H + 2);
            vm.headBProperty().set(1);
        });
        Fx.await(() -> vm.differenceProperty().get().a().layer() == 1 && vm.differenceProperty().get().b().head() == 1, "the expected state");
        HeadTableViewModel.Difference d = Fx.call(() -> vm.differenceProperty().get());
        AttentionTrace t = Fx.call(state::trace);
        float[] a = t.head(1, 2).weights(), b = t.head(0, 1).weights(), diff = d.diff();
        assertEquals(a.length, diff.length);
        for (int x = 0; x < a.length; x++) assertEquals(a[x] - b[x], diff[x], 0f);
    }

    @Test
    void theSecondPromptIsItsOwnPassOnTheSameModel() throws Exception {
        String second = "a dog sat on the log";
        Fx.run(() -> {
            vm.secondPromptProperty().set(second);
            vm.runSecondPrompt();
        });
        Fx.await(() -> vm.secondTraceProperty().get() != null, "the expected state");
        AttentionTrace got = Fx.call(() -> vm.secondTraceProperty().get());
        LoadedModel m = Fx.call(state::model);
        AttentionTrace independent = AttentionTrace.capture(m.transformer(), m.tokenizer().encode(second));
        assertArrayEquals(independent.tokens().ids(), got.tokens().ids());
        assertArrayEquals(independent.head(1, 3).weights(), got.head(1, 3).weights());
    }

    @Test
    void ablationMatchesAnIndependentRunAndLeavesEarlierLayersAlone() throws Exception {
        Fx.run(() -> {
            state.selectHead(0, 2);
            vm.ablateSelected();
        });
        Fx.await(() -> vm.ablationProperty().get() != null, "the expected state");
        Ablation a = Fx.call(() -> vm.ablationProperty().get());
        assertArrayEquals(new int[]{0, 2}, a.mask().heads().get(0));
        AttentionTrace t = Fx.call(state::trace);
        Ablation ref = Ablation.run(t, HeadMask.of(t.config(), new int[]{0, 2}));
        for (int h = 0; h < t.config().heads(); h++) assertEquals(0.0, a.attentionChange(0, h), "layer 0 attends before the ablation");
        for (int l = 0; l < t.config().layers(); l++)
            assertArrayEquals(ref.attentionChange()[l], a.attentionChange()[l], 1e-12);
        assertTrue(a.attentionChange(1, 0) > 0, "a later head's attention moves");
        assertNotNull(a.nextToken());
        assertEquals(ref.nextToken().klDivergence(), a.nextToken().klDivergence(), 1e-12);
    }

    @Test
    void meanAblationIsOfferedBesideZeroAblation() throws Exception {
        Fx.run(() -> {
            state.selectHead(0, 2);
            vm.ablationModeProperty().set(Ablation.Mode.MEAN);
            vm.ablateSelected();
        });
        Fx.await(() -> vm.ablationProperty().get() != null, "the expected state");
        Ablation a = Fx.call(() -> vm.ablationProperty().get());
        assertEquals(Ablation.Mode.MEAN, a.mode());
        AttentionTrace t = Fx.call(state::trace);
        Ablation ref = Ablation.run(t, HeadMask.of(t.config(), new int[]{0, 2}), Ablation.Mode.MEAN);
        assertEquals(ref.nextToken().klDivergence(), a.nextToken().klDivergence(), 1e-12);
        Ablation zero = Ablation.run(t, HeadMask.of(t.config(), new int[]{0, 2}));
        assertTrue(Math.abs(zero.nextToken().klDivergence() - a.nextToken().klDivergence()) > 1e-9, "mean is not zero");
    }

    @Test
    void rolloutIsTheTracesRollout() throws Exception {
        AttentionRollout r = Fx.call(() -> vm.rolloutProperty().get());
        AttentionTrace t = Fx.call(state::trace);
        assertArrayEquals(AttentionRollout.of(t).total(), r.total());
    }
}
