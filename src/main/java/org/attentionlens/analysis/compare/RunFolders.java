package org.attentionlens.analysis.compare;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.train.Checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Finds a training run's checkpoints on disk: the trainer writes each one as a Hugging Face folder with a
 * trainer_state.json holding its step. A run folder is either a checkpoint itself or holds checkpoints as subfolders
 * (copies kept along the way, e.g. after each {@code train --stop-at}).
 */
public final class RunFolders {
    private RunFolders() {
    }

    /** A checkpoint folder and its step (empty when the folder has no trainer_state.json). */
    public record Found(Path folder, OptionalLong step) {
    }

    /** The checkpoints in a run folder's subfolders (those with a config.json), by step, then name. */
    public static List<Found> list(Path run) throws IOException {
        if (!Files.isDirectory(run)) throw new IOException(run + " is not a folder");
        List<Found> out = new ArrayList<>();
        try (Stream<Path> children = Files.list(run)) {
            for (Path p : children.sorted().toList())
                if (Files.isRegularFile(p.resolve("config.json"))) out.add(new Found(p, step(p)));
        }
        out.sort(Comparator.comparingLong((Found f) -> f.step().orElse(Long.MAX_VALUE)));
        return out;
    }

    /** The step trainer_state.json records, if the folder has one that says. */
    public static OptionalLong step(Path checkpoint) throws IOException {
        Path state = checkpoint.resolve(Checkpoint.STATE);
        if (!Files.isRegularFile(state)) return OptionalLong.empty();
        try {
            JsonElement root = JsonParser.parseString(Files.readString(state));
            JsonElement step = root.isJsonObject() ? ((JsonObject) root).get("step") : null;
            return step != null && step.isJsonPrimitive() && step.getAsJsonPrimitive().isNumber()
                    ? OptionalLong.of(step.getAsLong()) : OptionalLong.empty();
        } catch (RuntimeException e) { // malformed JSON: no step to sort by
            return OptionalLong.empty();
        }
    }
}
