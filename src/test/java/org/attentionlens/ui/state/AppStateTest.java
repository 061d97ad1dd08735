package org.attentionlens.ui.state;

import org.attentionlens.io.TinyGpt2Folder;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TestModels;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Cell;
import org.attentionlens.ui.common.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared view model: selection bounds and sync, empty and over-long text, stale passes, load errors. */
class AppStateTest {
    private AppState state;

    @BeforeAll
    static void toolkit() throws TimeoutException {
        Fx.start();
    }

    @BeforeEach
    void loaded() throws TimeoutException {
        Settings settings = Settings.open();
        settings.clear();
        state = Fx.call(() -> new AppState(new TestModels(), TaskExecutor.currentThread(), settings));
        Fx.run(() -> {
            state.analyse("The cat sat on the mat");
            state.loadModel(TestModels.BERT);
        });
        Fx.await(() -> state.trace() != null, "the first pass");
    }

    @Test
    void theFirstPassRunsTheTextGivenBeforeTheModelArrived() {
        assertEquals(8, state.trace().length(), "[CLS] the cat sat on the mat [SEP]");
        assertEquals("cat", state.trace().tokens().display()[2]);
        assertEquals("", state.messageProperty().get());
        assertTrue(state.statusProperty().get().startsWith("8 tokens"), state.statusProperty().get());
    }

    @Test
    void selectionStaysInsideTheMatrixAndTheModel() {
        Fx.run(() -> {
            state.selectCell(new Cell(3, 5));
            state.moveCell(-10, 100);
        });
        assertEquals(new Cell(0, 7), Fx.call(state::cell));
        Fx.run(() -> state.moveCell(1, -1));
        assertEquals(new Cell(1, 6), Fx.call(state::cell));
        Fx.run(() -> {
            state.selectHead(1, 2);
            state.nextLayer(5);
            state.nextHead(-9);
        });
        assertEquals(2, state.layer(), "3 layers: the last is 2");
        assertEquals(0, state.head());
        Fx.run(() -> state.nextHead(99));
        assertEquals(3, state.head(), "4 heads: the last is 3");
    }

    @Test
    void aShorterTextKeepsTheSelectionInside() throws TimeoutException {
        Fx.run(() -> {
            state.selectCell(new Cell(7, 6));
            state.analyse("Hi");
        });
        Fx.await(() -> state.trace().length() == 3, "the short pass");
        assertEquals(new Cell(2, 2), Fx.call(state::cell));
    }

    @Test
    void emptyTextShowsAHintInsteadOfAPass() {
        Fx.run(() -> state.analyse("   "));
        assertNull(state.trace());
        assertEquals(AppState.EMPTY_HINT, state.messageProperty().get());
        assertFalse(state.busyProperty().get());
    }

    @Test
    void textLongerThanTheContextIsCutAndTheMessageSaysHowMuch() throws TimeoutException {
        String text = "word ".repeat(60); // 60 words + [CLS] + [SEP] = 62 tokens, context 48
        Fx.run(() -> state.analyse(text));
        Fx.await(() -> state.trace() != null && state.trace().length() == TestModels.CONTEXT, "the cut pass");
        String msg = state.messageProperty().get();
        assertTrue(msg.contains("62 tokens") && msg.contains("48") && msg.contains("last 14 were cut"), msg);
        assertTrue(state.statusProperty().get().contains("14 cut"), state.statusProperty().get());
    }

    @Test
    void aNewerTextWinsOverASlowerOlderOne() throws TimeoutException {
        Fx.run(() -> {
            state.analyse("word ".repeat(40));
            state.analyse("Two words");
        });
        Fx.await(() -> !state.busyProperty().get(), "the passes");
        Fx.run(() -> {
        }); // let any stale completion arrive
        assertEquals(4, state.trace().length());
        assertEquals("Two", state.trace().tokens().display()[1]);
    }

    @Test
    void anyUnicodeTokenizesAndRuns() throws TimeoutException {
        String text = "Café 🐈 שלום e\u0301 日本語";
        Fx.run(() -> state.analyse(text));
        Fx.await(() -> !state.busyProperty().get() && state.trace() != null
                && String.join("", state.trace().tokens().display()).contains("🐈"), "the unicode pass");
        assertEquals("", state.messageProperty().get());
    }

    @Test
    void aFolderWithoutAModelGivesAnErrorAndKeepsTheCurrentModel(@TempDir Path empty) throws TimeoutException {
        var before = state.model();
        Fx.run(() -> state.openFolder(empty));
        Fx.await(() -> state.errorProperty().get() != null, "the load error");
        assertNotNull(state.errorProperty().get());
        assertTrue(state.errorProperty().get().length() > 20, state.errorProperty().get());
        assertEquals(before, state.model());
        assertTrue(state.recentFolders().isEmpty(), "a folder that failed is not remembered");
        Fx.run(state::clearError);
        assertNull(state.errorProperty().get());
    }

    @Test
    void aGpt2FolderLoadsIsRememberedAndRunsCausally(@TempDir Path dir) throws Exception {
        Path folder = TinyGpt2Folder.write(dir.resolve("tiny-gpt2"));
        Fx.run(() -> state.openFolder(folder));
        Fx.await(() -> state.model() != null && state.model().config().causal() && state.trace() != null
                && state.trace().config().causal() && !state.busyProperty().get(), "the folder model's pass");
        assertNull(state.errorProperty().get());
        String id = folder.toAbsolutePath().toString();
        assertEquals(List.of(id), state.recentFolders());
        assertEquals(List.of(id), Settings.open().recentFolders(), "remembered across runs");
        assertEquals(id, state.settings().get("model", ""));
        assertTrue(state.trace().head(0, 0).masked(0, 1));
        Fx.run(() -> state.analyse("the cat sat on the mat and the dog sat on the log and the cat ran to the hat"));
        Fx.await(() -> !state.busyProperty().get() && state.messageProperty().get().contains("cut"), "the cut message");
        assertEquals(TinyGpt2Folder.CONTEXT, state.trace().length());
    }

    @Test
    void theTextAndModelAreRemembered() {
        assertEquals("The cat sat on the mat", state.settings().get("text", ""));
        assertEquals(TestModels.BERT, state.settings().get("model", ""));
    }
}
