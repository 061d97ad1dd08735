package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.ui.common.Numbers;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The view model without any view or FX thread: navigation, selection, captions and notes. */
class LectureViewModelTest {

    private static LectureViewModel loaded(LectureFixtures.Kind kind) {
        LoadedModel m = LectureFixtures.model(kind, 11);
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), m.tokenizer().encode(LectureFixtures.CAT));
        LectureViewModel vm = new LectureViewModel();
        vm.load(m, LectureFixtures.CAT, trace, 1, 2, 3, -1);
        return vm;
    }

    @Test
    void nextAndBackWalkEveryStageInOrderAndStopAtTheEnds() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        assertEquals(LectureStage.INPUT, vm.getStage());
        assertFalse(vm.canGoBack());
        vm.back();
        assertEquals(0, vm.stageIndexProperty().get(), "back on the first stage stays");
        Set<String> captions = new HashSet<>();
        for (int i = 0; i < vm.stages().size(); i++) {
            assertEquals(vm.stages().get(i), vm.getStage());
            assertEquals(i, vm.stageIndexProperty().get());
            assertFalse(vm.captionProperty().get().isBlank());
            assertTrue(captions.add(vm.captionProperty().get()), "each stage has its own caption");
            vm.next();
        }
        assertEquals(LectureStage.RESIDUAL, vm.getStage(), "next on the last stage stays");
        assertFalse(vm.canGoNext());
        vm.back();
        assertEquals(LectureStage.OUTPUT_PROJECTION, vm.getStage());
        vm.goTo(LectureStage.SOFTMAX);
        assertEquals(6, vm.stageIndexProperty().get());
    }

    @Test
    void listenersToTheStageSeeItsTitleAndCaptionAlready() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        String[] seen = new String[2];
        vm.stageProperty().addListener((o, a, b) -> {
            seen[0] = vm.titleProperty().get();
            seen[1] = vm.captionProperty().get();
        });
        vm.goTo(LectureStage.SCALE);
        assertEquals(Captions.title(LectureStage.SCALE, vm.getWalk()), seen[0]);
        assertEquals(Captions.caption(LectureStage.SCALE, vm.getWalk()), seen[1]);
    }

    @Test
    void aWalkOfAnotherRecipeKeepsTheStageAndAStageTheRecipeLacksFallsBackToTheOneBefore() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        vm.goTo(LectureStage.SOFTMAX);
        org.attentionlens.model.ModelSpec c = org.attentionlens.model.Recipes.named("llama3");
        LoadedModel llama = new LoadedModel(c.id(), c.id(), org.attentionlens.model.RandomWeights.create(c, 2,
                org.attentionlens.tensor.Kernels.best()), new LectureFixtures.WordTokenizer(false));
        vm.load(llama, LectureFixtures.CAT, AttentionTrace.capture(llama.transformer(),
                llama.tokenizer().encode(LectureFixtures.CAT)), 1, 3, 5, -1);
        assertEquals(LectureStage.SOFTMAX, vm.getStage());
        assertEquals(vm.stages().indexOf(LectureStage.SOFTMAX), vm.stageIndexProperty().get());
        assertTrue(vm.stages().contains(LectureStage.ROPE) && vm.stages().contains(LectureStage.SHARED_KV));
        vm.goTo(LectureStage.SOFTCAP);
        assertEquals(LectureStage.SCALE, vm.getStage(), "no soft-cap in Llama: the stage before it");
        vm.goTo(LectureStage.ROPE);
        assertTrue(vm.captionProperty().get().contains("5 − " + vm.getWalk().key()), vm.captionProperty().get());
    }

    @Test
    void captionsCarryThisPassNumbers() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        HeadWalk w = vm.getWalk();
        vm.goTo(LectureStage.SCALE);
        assertTrue(vm.captionProperty().get().contains(Numbers.slide(w.score(w.key()))), vm.captionProperty().get());
        assertTrue(vm.captionProperty().get().contains("√8"), "Dh = 8 in the fixture");
        vm.goTo(LectureStage.DOT_PRODUCT);
        assertTrue(vm.captionProperty().get().contains(Numbers.slide(w.rawScore(w.key()))));
        vm.goTo(LectureStage.SOFTMAX);
        assertTrue(vm.captionProperty().get().contains(Numbers.slide(w.expSum())));
        vm.goTo(LectureStage.MASK);
        assertTrue(vm.captionProperty().get().contains("sees " + (w.query() + 1) + " keys"));
        assertEquals("The causal mask", vm.titleProperty().get());
    }

    @Test
    void encodersSayThereIsNoMaskAndShowThePostNorm() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.BERT);
        vm.goTo(LectureStage.MASK);
        assertTrue(vm.titleProperty().get().startsWith("No mask"));
        vm.goTo(LectureStage.RESIDUAL);
        assertTrue(vm.captionProperty().get().contains("LayerNorm 1"));
        assertTrue(vm.getWalk().postNorm() != null);
    }

    @Test
    void keyMinusOneFollowsTheStrongestKeyAndSelectKeepsTheStage() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        HeadWalk w = vm.getWalk();
        for (int j = 0; j < w.keyCount(); j++) assertTrue(w.weight(j) <= w.weight(w.key()));
        vm.goTo(LectureStage.SOFTMAX);
        vm.select(2, 0, 5, 1);
        assertEquals(LectureStage.SOFTMAX, vm.getStage());
        assertEquals(2, vm.getWalk().layer());
        assertEquals(5, vm.getWalk().query());
        assertEquals(1, vm.getWalk().key());
        var e = assertThrows(IllegalArgumentException.class, () -> vm.select(0, 9, 0, 0));
        assertTrue(e.getMessage().contains("heads 0…3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vm.select(7, 0, 0, -1));
        assertTrue(e.getMessage().contains("layers 0…2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vm.select(0, 0, -40, -1));
        assertTrue(e.getMessage().contains("query token"), e.getMessage());
        assertEquals(2, vm.getWalk().layer(), "a bad selection leaves the lecture as it was");
    }

    @Test
    void notesBelongToTheirStage() {
        LectureViewModel vm = loaded(LectureFixtures.Kind.GPT2);
        Annotation note = Annotation.note(LectureStage.SOFTMAX, 0.2, 0.3, "the biggest share");
        Annotation arrow = Annotation.arrow(LectureStage.SOFTMAX, 0.1, 0.1, 1.4, 0.5);
        vm.addAnnotation(note);
        vm.addAnnotation(arrow);
        vm.addAnnotation(Annotation.note(LectureStage.INPUT, 0.5, 0.5, "x"));
        assertEquals(2, vm.annotationsOf(LectureStage.SOFTMAX).size());
        assertEquals(1.0, arrow.arrow().toX(), "positions are clamped to the stage area");
        vm.removeAnnotation(note);
        assertEquals(1, vm.annotationsOf(LectureStage.SOFTMAX).size());
        assertThrows(UnsupportedOperationException.class, () -> vm.annotations().clear(), "read-only list");
    }

    @Test
    void beforeLoadingThereIsNoWalkAndSavingSaysWhy() {
        LectureViewModel vm = new LectureViewModel();
        assertNull(vm.getWalk());
        vm.next();
        assertEquals(LectureStage.PROJECTIONS, vm.getStage());
        var e = assertThrows(IllegalStateException.class, vm::toSession);
        assertTrue(e.getMessage().contains("run a text"));
    }
}
