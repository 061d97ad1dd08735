package org.attentionlens.ui;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.TinyModels;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.ui.decode.DecodeViewModel;

import javafx.stage.Stage;
import org.attentionlens.ui.state.AppState;
import org.attentionlens.ui.app.MainWindow;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.common.Settings;

import java.util.List;

/**
 * Real (random-weight) models for the view tests: a tiny causal GPT-2 with a byte tokenizer that has an
 * end-of-text token, registered under the causal built-in's id so the encoder message's button loads it, a
 * short-context variant to hit the context limit, a 512-position one for long texts, and a tiny BERT encoder.
 */
public final class TinyModelSource implements ModelProvider {
    public static final String GPT = DecodeViewModel.CAUSAL_MODEL, SHORT_GPT = "tiny-gpt-short", BERT = "tiny-bert",
            LONG_GPT = "tiny-gpt-long";
    public static final int CONTEXT = 64, SHORT_CONTEXT = 12, LONG_CONTEXT = 512;

    @Override
    public LoadedModel load(String id, Progress progress) throws ModelLoadException {
        return switch (id) {
            case GPT -> model(id, TinyModels.gpt2(CONTEXT), true);
            case SHORT_GPT -> model(id, TinyModels.gpt2(SHORT_CONTEXT), true);
            case LONG_GPT -> model(id, TinyModels.gpt2(LONG_CONTEXT), true);
            case BERT -> model(id, TinyModels.bert(CONTEXT), false);
            default -> org.attentionlens.io.ModelRegistry.load(id, progress); // folders: the real loader and its messages
        };
    }

    @Override
    public List<String> builtIns() {
        return List.of(GPT, SHORT_GPT, BERT, LONG_GPT);
    }

    /** The real main window on these models, sized to Monocle's 1280 × 800 headless screen, with fresh settings. */
    public static MainWindow openWindow(Stage stage) {
        Settings settings = Settings.open();
        settings.clear();
        settings.putDouble("windowW", 1280);
        settings.putDouble("windowH", 800);
        MainWindow window = new MainWindow(new AppState(new TinyModelSource(), TaskExecutor.fx(Background.executor()), settings));
        window.show(stage);
        return window;
    }

    private static LoadedModel model(String id, ModelSpec c, boolean causal) {
        return new LoadedModel(id, id + (causal ? " (causal, random)" : " (encoder, random)"),
                TinyModels.random(c.withId(id), 3), new ByteTokenizer(causal));
    }
}
