package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session files: what is saved reopens exactly, with the same numbers from a fresh run of the model. */
class LectureSessionTest {
    /** Loads a fresh model instance per call, as opening a file in a new app would. */
    private static final LectureSession.Models MODELS = id -> switch (id) {
        case "tiny-gpt2" -> LectureFixtures.model(LectureFixtures.Kind.GPT2, 21);
        case "tiny-bert" -> LectureFixtures.model(LectureFixtures.Kind.BERT, 21);
        default -> throw new ModelLoadException("no model " + id);
    };

    @Test
    void aSavedSessionReopensWithTheSameSelectionStageNotesAndNumbers(@TempDir Path dir) throws Exception {
        for (String id : List.of("tiny-gpt2", "tiny-bert")) {
            LectureViewModel vm = new LectureViewModel();
            vm.show(LectureSource.run(MODELS.load(id), LectureFixtures.CAT), 2, 1, 4, 2);
            vm.goTo(LectureStage.SOFTMAX);
            vm.setSeed(1234);
            vm.addAnnotation(Annotation.note(LectureStage.SOFTMAX, 0.25, 0.5, "“cat” looks back at “the”"));
            vm.addAnnotation(Annotation.arrow(LectureStage.MASK, 0.1, 0.2, 0.3, 0.4));
            Path file = dir.resolve(id + ".json");
            vm.toSession().write(file);

            LectureSession read = LectureSession.read(file);
            assertEquals(vm.toSession(), read, "every field, notes included, reads back equal");
            LectureViewModel reopened = new LectureViewModel();
            LectureSource src = read.open(MODELS, null);
            reopened.restore(src, read);
            assertNotSame(vm.getSource().model(), reopened.getSource().model(), "a fresh model instance");
            assertSameNumbers(vm.getWalk(), reopened.getWalk());
            assertEquals(LectureStage.SOFTMAX, reopened.getStage());
            assertEquals(1234, reopened.seed());
            assertEquals(vm.annotations(), reopened.annotations());
            assertEquals(vm.captionProperty().get(), reopened.captionProperty().get());
        }
    }

    @Test
    void aDecodeSessionReopensAsTheSameDecodeStep(@TempDir Path dir) throws Exception {
        LectureViewModel vm = new LectureViewModel();
        vm.show(LectureSource.runDecode(MODELS.load("tiny-gpt2"), LectureFixtures.CAT, 5), 1, 3, 0, 1);
        vm.goTo(LectureStage.PROJECTIONS);
        Path file = dir.resolve("decode.json");
        vm.toSession().write(file);
        assertTrue(java.nio.file.Files.readString(file).contains("\"prefix\": 5"));

        LectureSession read = LectureSession.read(file);
        LectureViewModel reopened = new LectureViewModel();
        reopened.restore(read.open(MODELS, null), read);
        HeadWalk w = reopened.getWalk();
        assertTrue(w.decode());
        assertEquals(5, w.query());
        assertEquals(5, w.firstComputed());
        assertSameNumbers(vm.getWalk(), w);
    }

    @Test
    void openingReusesTheCurrentModelWhenItIsTheOneNamed() throws Exception {
        LoadedModel current = MODELS.load("tiny-gpt2");
        LectureSession s = new LectureSession("tiny-gpt2", LectureFixtures.CAT, 0, 0, 1, -1, LectureStage.INPUT, 0,
                null, List.of());
        LectureSession.Models refuse = id -> {
            throw new ModelLoadException("should not load " + id);
        };
        assertEquals(current, s.open(refuse, current).model());
    }

    @Test
    void brokenFilesSayWhatIsWrong() {
        String good = new LectureSession("tiny-gpt2", "the cat", 0, 0, 1, 0, LectureStage.MASK, 7, null,
                List.of()).toJson();
        assertMessage("invalid JSON", "{not json");
        assertMessage("has no \"text\"", good.replaceAll("\"text\": \"the cat\",", ""));
        assertMessage("version 2", good.replace("\"version\": 1", "\"version\": 2"));
        assertMessage("unknown lecture stage \"sideways\"", good.replace("\"mask\"", "\"sideways\""));
        assertMessage("empty", "");
        LectureSession s = LectureSession.fromJson(good);
        var e = assertThrows(ModelLoadException.class, () -> new LectureSession("gpt-5", "x", 0, 0, 0, 0,
                LectureStage.INPUT, 0, null, List.of()).open(MODELS, null));
        assertTrue(e.getMessage().contains("gpt-5"));
        LectureSession noSuchLayer = new LectureSession("tiny-gpt2", "the cat", 7, 0, 0, 0, LectureStage.INPUT, 0,
                null, List.of());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> new LectureViewModel().restore(noSuchLayer.open(MODELS, null), noSuchLayer));
        assertTrue(bad.getMessage().contains("layer 7"), bad.getMessage());
        assertEquals(LectureStage.MASK, s.stage());
    }

    private static void assertMessage(String expected, String json) {
        var e = assertThrows(IllegalArgumentException.class, () -> LectureSession.fromJson(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    static void assertSameNumbers(HeadWalk a, HeadWalk b) {
        assertEquals(a.layer(), b.layer());
        assertEquals(a.head(), b.head());
        assertEquals(a.query(), b.query());
        assertEquals(a.key(), b.key());
        assertArrayEquals(a.tokens(), b.tokens());
        assertArrayEquals(a.q(), b.q(), 0f);
        assertArrayEquals(a.scores(), b.scores(), 0f);
        assertArrayEquals(a.weights(), b.weights(), 0f);
        assertArrayEquals(a.headOutput(), b.headOutput(), 0f);
        assertArrayEquals(a.afterAttention(), b.afterAttention(), 0f);
    }
}
