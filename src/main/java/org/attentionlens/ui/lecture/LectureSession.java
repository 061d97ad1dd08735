package org.attentionlens.ui.lecture;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.AtomicWrite;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.LoadedModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved lecture: model, text, the followed head and tokens, the stage, the seed, an optional decode step and
 * the presenter's notes. Stored as JSON (version 1):
 * <pre>{"version":1, "model":"minilm-l6", "text":"…", "layer":2, "head":5, "query":3, "key":2,
 *  "stage":"softmax", "seed":0, "decode":{"prefix":5} or null,
 *  "notes":[{"stage":"softmax", "x":0.3, "y":0.4, "text":"…", "arrow":{"toX":0.5, "toY":0.6} or null}]}</pre>
 * Opening one re-runs the model on the text, so the numbers are this machine's real ones. A hand-written file
 * may give a negative query or decode prefix to count from the end (-1 = the last token, whatever the tokenizer
 * makes of the text) and key -1 for the key the query attends to most; saving writes plain indices.
 *
 * @param model        a built-in model id or a model folder
 * @param decodePrefix the position of the decode step's new token (= tokens in the cache), or null
 */
public record LectureSession(String model, String text, int layer, int head, int query, int key, LectureStage stage,
                             long seed, Integer decodePrefix, List<Annotation> annotations) {
    public static final int VERSION = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    /** Loads a model by the id a session names. */
    @FunctionalInterface
    public interface Models {
        LoadedModel load(String id) throws ModelLoadException;
    }

    public LectureSession {
        annotations = List.copyOf(annotations);
    }

    /**
     * Builds what the session shows: loads its model (reusing {@code current} when it is the same one) and runs
     * the text, or the decode step. Slow: call it off the FX thread.
     */
    public LectureSource open(Models models, LoadedModel current) throws ModelLoadException {
        LoadedModel m = current != null && current.id().equals(model) ? current : models.load(model);
        return decodePrefix == null ? LectureSource.run(m, text) : LectureSource.runDecode(m, text, decodePrefix);
    }

    public String toJson() {
        List<NoteJson> notes = new ArrayList<>();
        for (Annotation a : annotations)
            notes.add(new NoteJson(a.stage().key(), a.x(), a.y(), a.text(),
                    a.arrow() == null ? null : new ArrowJson(a.arrow().toX(), a.arrow().toY())));
        return GSON.toJson(new SessionJson(VERSION, model, text, layer, head, query, key, stage.key(), seed,
                decodePrefix == null ? null : new DecodeJson(decodePrefix), notes));
    }

    /** Parses a session file's content; a wrong or missing field gives a message saying which. */
    public static LectureSession fromJson(String json) {
        SessionJson s;
        try {
            s = GSON.fromJson(json, SessionJson.class);
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) { // gson passes the last two through
            throw new IllegalArgumentException("This is not a lecture session file (invalid JSON: "
                    + JsonMessages.brief(e) + ").", e);
        }
        if (s == null) throw new IllegalArgumentException("The lecture session file is empty.");
        if (s.version == null || s.version != VERSION)
            throw new IllegalArgumentException("Unsupported lecture session version " + s.version
                    + ": this app reads version " + VERSION + ".");
        List<Annotation> notes = new ArrayList<>();
        if (s.notes != null)
            for (NoteJson n : s.notes) {
                if (n == null) continue;
                LectureStage st = LectureStage.ofKey(required(n.stage, "notes[].stage"));
                double x = position(n.x, "notes[].x"), y = position(n.y, "notes[].y");
                notes.add(n.arrow == null ? Annotation.note(st, x, y, n.text)
                        : new Annotation(st, x, y, n.text, new Annotation.Arrow(position(n.arrow.toX, "notes[].arrow.toX"),
                        position(n.arrow.toY, "notes[].arrow.toY"))));
            }
        return new LectureSession(required(s.model, "model"), required(s.text, "text"), required(s.layer, "layer"),
                required(s.head, "head"), required(s.query, "query"), s.key == null ? -1 : s.key,
                s.stage == null ? LectureStage.INPUT : LectureStage.ofKey(s.stage), s.seed == null ? 0 : s.seed,
                s.decode == null ? null : required(s.decode.prefix, "decode.prefix"), notes);
    }

    /** Writes the file whole or not at all: a failed save never leaves half a session or loses the old one. */
    public void write(Path file) throws IOException {
        AtomicWrite.write(file, out -> out.write(toJson().getBytes(StandardCharsets.UTF_8)));
    }

    public static LectureSession read(Path file) throws IOException {
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** A note's place, 0 to 1 across the slide: NaN (which a lenient parser reads) places nothing. */
    private static double position(Double value, String field) {
        if (required(value, field).isNaN())
            throw new IllegalArgumentException("The lecture session's \"" + field + "\" is not a number.");
        return value;
    }

    private static <T> T required(T value, String field) {
        if (value == null) throw new IllegalArgumentException("The lecture session has no \"" + field + "\".");
        return value;
    }

    // The file's shape; boxed fields so a missing one is noticed.
    private record SessionJson(Integer version, String model, String text, Integer layer, Integer head, Integer query,
                               Integer key, String stage, Long seed, DecodeJson decode, List<NoteJson> notes) {
    }

    private record DecodeJson(Integer prefix) {
    }

    private record NoteJson(String stage, Double x, Double y, String text, ArrowJson arrow) {
    }

    private record ArrowJson(Double toX, Double toY) {
    }
}
