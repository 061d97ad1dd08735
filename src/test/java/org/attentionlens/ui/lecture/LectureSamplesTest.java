package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The prepared sessions in samples/ open on the real models and show what their notes promise. */
class LectureSamplesTest {
    private static final Path SAMPLES = Path.of("samples");
    private static LoadedModel minilm;

    @BeforeAll
    static void load() throws ModelLoadException {
        minilm = ModelRegistry.load(ModelRegistry.MINILM, Progress.NONE);
    }

    @Test
    void everySampleIsAValidSessionWithNotes() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".lecture.json")).sorted().toList();
        }
        assertEquals(3, files.size(), "cat, coreference and induction");
        for (Path f : files) {
            LectureSession s = LectureSession.read(f);
            assertTrue(ModelRegistry.builtIns().contains(s.model()), f + " uses a built-in model");
            assertTrue(s.annotations().size() >= 2, f + " carries presenter notes");
        }
    }

    @Test
    void theCatSentenceFollowsSatLookingAtCat() throws Exception {
        LectureViewModel vm = open("cat.lecture.json");
        HeadWalk w = vm.getWalk();
        assertEquals("sat", w.token(w.query()));
        assertEquals("cat", w.token(w.key()));
        assertEquals(w.key(), w.strongestKey(), "the note says “sat” weights the word before it most");
        assertTrue(w.weight(w.key()) > 0.9, "almost all of its weight: " + w.weight(w.key()));
        assertEquals(LectureStage.INPUT, vm.getStage());
    }

    @Test
    void theCoreferenceSentenceSendsItToTrophy() throws Exception {
        LectureViewModel vm = open("coreference.lecture.json");
        HeadWalk w = vm.getWalk();
        assertEquals("it", w.token(w.query()));
        assertEquals("trophy", w.token(w.key()));
        int suitcase = List.of(w.tokens()).indexOf("suitcase");
        assertEquals(w.key(), w.strongestKey());
        assertTrue(w.weight(w.key()) > 0.5, "more than half, as the note says: " + w.weight(w.key()));
        assertTrue(w.weight(w.key()) > 2 * w.weight(suitcase),
                "trophy " + w.weight(w.key()) + " vs suitcase " + w.weight(suitcase));
        assertEquals(LectureStage.ALL_SCORES, vm.getStage());
    }

    @Test
    void theInductionSampleIsADecodeStepOfTheLastToken() throws Exception {
        LoadedModel brown;
        try {
            brown = ModelRegistry.load(ModelRegistry.BROWN_GPT, Progress.NONE);
        } catch (ModelLoadException e) {
            assumeTrue(false, "brown-gpt is not available yet: " + e.getMessage());
            return;
        }
        LectureSession s = LectureSession.read(SAMPLES.resolve("induction.lecture.json"));
        LectureViewModel vm = new LectureViewModel();
        vm.restore(s.open(id -> brown, null), s);
        HeadWalk w = vm.getWalk();
        assertTrue(w.decode());
        assertEquals(w.keyCount() - 1, w.query(), "the last token is the new one");
        assertEquals(w.keyCount() - 1, w.firstComputed());
        assertEquals(w.strongestKey(), w.key());
        // the induction head: from the second "Kingsbury" to what followed the first one
        assertTrue(w.token(w.key()).contains("Street"), "strongest key " + w.token(w.key()));
    }

    private static LectureViewModel open(String name) throws Exception {
        LectureSession s = LectureSession.read(SAMPLES.resolve(name));
        LectureViewModel vm = new LectureViewModel();
        vm.restore(s.open(id -> {
            throw new ModelLoadException("the test loads minilm-l6 once");
        }, minilm), s);
        return vm;
    }
}
