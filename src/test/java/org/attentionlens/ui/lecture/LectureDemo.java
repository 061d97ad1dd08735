package org.attentionlens.ui.lecture;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.tensor.Kernels;

import java.nio.file.Path;

/**
 * Shows the lecture in a window, for looking at it (screenshots under Xvfb). Arguments: [stage key]
 * [gpt2|bert|minilm-l6|session.json] [decode].
 */
public final class LectureDemo extends Application {

    @Override
    public void start(Stage stage) throws Exception {
        var args = getParameters().getUnnamed();
        String stageKey = args.size() > 0 ? args.get(0) : "input";
        String which = args.size() > 1 ? args.get(1) : "gpt2";
        boolean decode = args.size() > 2 && args.get(2).equals("decode");
        LectureViewModel vm = new LectureViewModel();
        LectureView view = new LectureView(vm);
        if (Boolean.getBoolean("lecture.dark")) view.getStyleClass().add("dark");
        if (which.endsWith(".json")) {
            view.open(Path.of(which));
        } else {
            LoadedModel model = which.equals("minilm-l6") ? ModelRegistry.load(which, Progress.NONE) : demoModel(which);
            String text = "the cat sat on the mat because it was warm";
            LectureSource src = decode ? LectureSource.runDecode(model, text, 6) : LectureSource.run(model, text);
            vm.show(src, 1, 3, decode ? 6 : 2, -1);
            vm.goTo(LectureStage.ofKey(stageKey));
            vm.addAnnotation(Annotation.note(LectureStage.ofKey(stageKey), 0.55, 0.6, "look at this row"));
            vm.addAnnotation(Annotation.arrow(LectureStage.ofKey(stageKey), 0.5, 0.75, 0.3, 0.55));
        }
        stage.setScene(new Scene(view, Integer.getInteger("lecture.width", 1600), Integer.getInteger("lecture.height", 1000)));
        stage.setTitle("Lecture demo");
        stage.show();
        view.requestFocus();
        String shots = System.getProperty("lecture.shots");
        if (shots == null) return;
        if (vm.getWalk() != null) snapshotEveryStage(stage, vm, Path.of(shots));
        else vm.walkProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(() -> {
            try {
                snapshotEveryStage(stage, vm, Path.of(shots));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** Writes one PNG per stage into folder, then exits: a quick look at the whole walk. */
    private static void snapshotEveryStage(Stage stage, LectureViewModel vm, Path folder) throws Exception {
        java.nio.file.Files.createDirectories(folder);
        for (LectureStage s : vm.stages()) {
            vm.goTo(s);
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            org.attentionlens.ui.common.ImageExport.writePng(stage.getScene().snapshot(null),
                    folder.resolve(s.ordinal() + "-" + s.key() + ".png"));
        }
        javafx.application.Platform.exit();
    }

    /** Random weights with MiniLM's shapes (D 384, 12 heads of 32) or a GPT-2-like causal one. */
    private static LoadedModel demoModel(String kind) {
        boolean bert = kind.equals("bert");
        ModelSpec c = bert ? ModelSpec.bert("demo-bert", 2, 12, 384, 1536, 20, 64, 1e-5f, 2)
                : ModelSpec.gpt2("demo-gpt2", 2, 12, 384, 1536, 20, 64, 1e-5f);
        return new LoadedModel(c.id(), "Demo (random " + c.family() + ")", RandomWeights.create(c, 1, Kernels.best()),
                new LectureFixtures.WordTokenizer(bert));
    }

    /** A main outside the Application class, so JavaFX can start from the class path. */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(LectureDemo.class, args);
        }
    }
}
