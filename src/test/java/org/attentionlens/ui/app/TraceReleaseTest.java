package org.attentionlens.ui.app;

import javafx.stage.Stage;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.ui.Fx;
import org.attentionlens.ui.TinyModelSource;
import org.attentionlens.ui.common.Background;
import org.attentionlens.ui.common.Settings;
import org.attentionlens.ui.common.TaskExecutor;
import org.attentionlens.ui.state.AppState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Memory stays linear in the text: a trace holds a whole pass's capture (1.2 MB per token for Llama-3.2-1B), so once
 * a newer text has been analysed no view, shown or hidden, may keep an older trace. Every tab is shown on the first
 * text, then two more texts are analysed while one tab is shown; the first two traces must become garbage.
 */
@ExtendWith(ApplicationExtension.class)
class TraceReleaseTest {
    private MainWindow window;
    private AppState state;

    @Start
    void start(Stage stage) {
        Settings settings = Settings.open();
        settings.clear();
        settings.putDouble("windowW", 1280);
        settings.putDouble("windowH", 800);
        state = new AppState(new TinyModelSource(), TaskExecutor.fx(Background.executor()), settings);
        window = new MainWindow(state);
        window.show(stage);
    }

    @Test
    void noViewKeepsATraceOfAnOlderText() throws Exception {
        Fx.run(() -> {
            state.analyse("the cat sat on the mat");
            state.loadModel(TinyModelSource.GPT);
        });
        Fx.await(() -> state.trace() != null && !state.busyProperty().get(), "the first pass");
        for (int tab = 0; tab < Fx.call(() -> window.tabs().getTabs().size()); tab++) {
            int t = tab;
            Fx.run(() -> window.tabs().getSelectionModel().select(t));
            Fx.await(() -> !state.busyProperty().get(), "tab " + t);
            Thread.sleep(300); // let the tab's own background work finish and land
        }
        Fx.run(() -> window.tabs().getSelectionModel().select(0));
        List<WeakReference<AttentionTrace>> older = new ArrayList<>();
        for (String text : List.of("the dog sat on the rug", "a bird sat on the fence")) {
            older.add(new WeakReference<>(Fx.call(() -> state.trace())));
            Fx.run(() -> state.analyse(text));
            Fx.await(() -> state.trace() != null && state.trace() != older.get(older.size() - 1).get()
                    && !state.busyProperty().get(), "the pass of " + text);
        }
        Thread.sleep(500);
        for (int i = 0; i < 50 && older.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(100);
        }
        for (int i = 0; i < older.size(); i++)
            assertNull(older.get(i).get(), "the trace of text " + (i + 1) + " is still reachable after a newer text was analysed");
    }
}
