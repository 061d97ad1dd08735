package org.attentionlens.ui.lecture;

import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The lecture in a window of its own, full screen: Esc leaves full screen and closes it. */
public final class LectureWindow {
    private static final String MARK = "attention-lens-lecture-window";

    private LectureWindow() {
    }

    /** Opens a full-screen window on the same view model (the lecture continues where it was). */
    public static Stage open(LectureViewModel vm, Window owner) {
        LectureView view = new LectureView(vm);
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setUserData(MARK);
        stage.setTitle("Attention Lens — lecture");
        stage.setScene(new Scene(view, 1600, 1000));
        stage.setFullScreenExitKeyCombination(KeyCombination.valueOf("Esc"));
        stage.setFullScreenExitHint("Esc leaves full screen");
        stage.fullScreenProperty().addListener((o, was, now) -> {
            if (was && !now) stage.close();
        });
        stage.show();
        stage.setFullScreen(true);
        view.requestFocus();
        return stage;
    }

    static boolean isLectureWindow(Stage stage) {
        return MARK.equals(stage.getUserData());
    }
}
