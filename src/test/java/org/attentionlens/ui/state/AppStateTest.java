package org.attentionlens.ui.state;

import org.attentionlens.bench.RandomCheckpoint;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.Progress;
import org.attentionlens.io.TinyGpt2Folder;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.NormSpec;
import org.attentionlens.model.RopeFrequencies;
import org.attentionlens.tensor.DType;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
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
    void aFolderWithoutATokenizerRunsTypedIdsAndSaysSo(@TempDir Path dir) throws Exception {
        ModelSpec spec = ModelSpec.builder("tiny-llama", "llama", 2, 4, 8, 32, 64, 100, 64).kvHeads(2)
                .norm(NormSpec.rmsNorm(1e-5f)).rope(RopeFrequencies.llama3(500000, 8, false, 32, 1, 4, 64))
                .build();
        Path folder = RandomCheckpoint.write(spec, DType.F32, dir.resolve("no-tokenizer"));
        Fx.run(() -> state.openFolder(folder));
        Fx.await(() -> state.model() != null && state.model().config().causal() && !state.busyProperty().get(),
                "the folder model");
        assertEquals(IdsOnlyTokenizer.APP_NOTE, state.messageProperty().get());
        assertTrue(state.messageProperty().get().startsWith("This model folder has no tokenizer"));
        Fx.run(() -> state.analyse("5 17, 3"));
        Fx.await(() -> state.trace() != null && state.trace().length() == 3 && !state.busyProperty().get(), "ids");
        assertEquals("<id 17>", state.trace().tokens().display()[1]);
        assertEquals(IdsOnlyTokenizer.APP_NOTE, state.messageProperty().get(), "the note stays while ids run");
        Fx.run(() -> state.analyse("hello"));
        assertNull(state.trace(), "text that is not ids has no pass");
        assertEquals(IdsOnlyTokenizer.APP_NOTE, state.messageProperty().get());
        assertEquals("Type token ids: this model has no tokenizer", state.statusProperty().get());
    }

    @Test
    void cancellingALoadStopsTheLoaderAndKeepsTheModelInUse() {
        int[] reports = {0};
        AppState[] slow = {null};
        ModelProvider endless = new ModelProvider() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                if (!id.equals("endless")) return new TestModels().load(id, progress);
                while (true) { // a loader that would never end: it only stops because a report throws
                    progress.report(0.1, "Loading tensor " + reports[0]);
                    if (++reports[0] == 5) slow[0].cancelLoad(); // the user presses Cancel (or Esc)
                }
            }
        };
        slow[0] = Fx.call(() -> new AppState(endless, TaskExecutor.currentThread(), state.settings()));
        Fx.run(() -> {
            slow[0].analyse("The cat sat");
            slow[0].loadModel(TestModels.BERT);
        });
        LoadedModel before = slow[0].model();
        assertNotNull(before);
        Fx.run(() -> slow[0].loadModel("endless"));
        assertEquals(5, reports[0], "the loader stopped at the first report after Cancel");
        assertEquals(before, slow[0].model());
        assertFalse(slow[0].loadingProperty().get());
        assertTrue(slow[0].statusProperty().get().startsWith("5 tokens"), "the text ran again on the model in use: "
                + slow[0].statusProperty().get());
        assertNull(slow[0].errorProperty().get(), "a cancelled load is not an error");
    }

    @Test
    void modelsInTheHuggingFaceCacheAreListedForThePicker() {
        ModelProvider cached = new ModelProvider() {
            @Override
            public LoadedModel load(String id, Progress progress) throws ModelLoadException {
                return new TestModels().load(id, progress);
            }

            @Override
            public List<String> cachedHubModels() {
                return List.of("HuggingFaceTB/SmolLM2-135M", "Qwen/Qwen2.5-0.5B");
            }
        };
        AppState s = Fx.call(() -> new AppState(cached, TaskExecutor.currentThread(), state.settings()));
        assertTrue(s.cachedModels().isEmpty(), "the disk is scanned on demand, not at construction");
        Fx.run(s::refreshCachedModels);
        assertEquals(List.of("HuggingFaceTB/SmolLM2-135M", "Qwen/Qwen2.5-0.5B"), s.cachedModels());
    }

    @Test
    void theTextAndModelAreRemembered() {
        assertEquals("The cat sat on the mat", state.settings().get("text", ""));
        assertEquals(TestModels.BERT, state.settings().get("model", ""));
    }
}
