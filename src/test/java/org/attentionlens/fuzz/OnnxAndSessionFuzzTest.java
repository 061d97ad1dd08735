package org.attentionlens.fuzz;

import org.attentionlens.io.BertOnnxLoader;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.Progress;
import org.attentionlens.io.onnx.OnnxGraph;
import org.attentionlens.io.onnx.OnnxReader;
import org.attentionlens.io.onnx.TinyBertOnnx;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokens;
import org.attentionlens.ui.lecture.LectureSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The other two readers of outside files: an ONNX model (a tiny BERT in the layout of the built-in MiniLM) through the
 * project's protobuf reader and BERT mapping, then a forward pass; and the lecture sessions of samples/ through
 * {@link LectureSession#fromJson} and back to JSON. Allowed: the input is read (and runs), or the reader's user error
 * (ModelLoadException, IllegalArgumentException) with a clean message.
 */
class OnnxAndSessionFuzzTest {
    static final String SUITE = "ONNX model and lecture sessions";
    private static final byte[] ONNX = TinyBertOnnx.bytes();
    private static final String[] SAMPLES = {"cat.lecture.json", "coreference.lecture.json", "induction.lecture.json"};

    @Test
    void onnxModel() {
        FuzzInputs.run(SUITE + ", ONNX", 10, OnnxAndSessionFuzzTest::onnx);
    }

    @Test
    void lectureSession() {
        FuzzInputs.run(SUITE + ", sessions", 10, OnnxAndSessionFuzzTest::session);
    }

    private static void onnx(Random rnd) throws Exception {
        List<Edit> edits = Edit.random(rnd, Edit.Kind.BYTE_FLIP, Edit.Kind.TRUNCATE);
        byte[] bytes = ONNX;
        for (Edit e : edits) bytes = ContentEdits.apply(bytes, "tiny.onnx", e.kind(), new Random(e.seed()));
        byte[] input = bytes;
        long t0 = System.nanoTime();
        String outcome = TimeLimit.run(() -> {
            try {
                OnnxGraph graph = OnnxReader.read(input, "tiny.onnx");
                Transformer t = BertOnnxLoader.load(graph, TinyBertOnnx.SPEC, Kernels.best(), Progress.NONE);
                AttentionTrace.capture(t, Tokens.ofIds(new int[]{1, 5, 7, 2}, null));
                return "ok";
            } catch (ModelLoadException e) {
                String problem = Messages.problem(e.getMessage(), e, List.of("tiny.onnx", "ONNX"));
                if (problem != null) throw new AssertionError(problem + ": " + e.getMessage(), e);
                return "refused";
            }
        });
        FuzzReport.record(SUITE, "tiny BERT .onnx", Edit.label(edits), outcome, System.nanoTime() - t0);
    }

    private static void session(Random rnd) throws Exception {
        String sample = SAMPLES[rnd.nextInt(SAMPLES.length)];
        List<Edit> edits = Edit.random(rnd, Edit.Kind.BYTE_FLIP, Edit.Kind.TRUNCATE, Edit.Kind.TYPE_SWAP,
                Edit.Kind.HUGE_NUMBER, Edit.Kind.DROP_KEY, Edit.Kind.DUPLICATE, Edit.Kind.LINE_EDIT);
        byte[] bytes = Files.readAllBytes(Path.of("samples", sample));
        for (Edit e : edits) bytes = ContentEdits.apply(bytes, sample, e.kind(), new Random(e.seed()));
        String json = new String(bytes, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        String outcome = TimeLimit.run(() -> {
            LectureSession s;
            try {
                s = LectureSession.fromJson(json);
            } catch (IllegalArgumentException e) {
                String problem = Messages.problem(e.getMessage(), e, List.of("lecture", "session"));
                if (problem != null) throw new AssertionError(problem + ": " + e.getMessage(), e);
                return "refused";
            }
            LectureSession again = LectureSession.fromJson(s.toJson());
            if (!again.toJson().equals(s.toJson())) throw new AssertionError("a session does not survive saving");
            return "ok";
        });
        FuzzReport.record(SUITE, sample, Edit.label(edits), outcome, System.nanoTime() - t0);
    }

    @AfterAll
    static void report() {
        FuzzReport.print(SUITE);
    }
}
