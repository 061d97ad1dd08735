package org.attentionlens.cli;

import com.google.gson.GsonBuilder;
import org.attentionlens.analysis.TargetToken;
import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.AtomicWrite;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the research commands (lens, attribute, patch, knockout, circuits, compare, timeline) share: naming tokens,
 * numbers as JSON writes them, the atomic JSON file, progress on stderr, and loading a second model.
 */
final class ResearchOutput {
    private ResearchOutput() {
    }

    /** The id of a token given on the command line, or −1 when none was given. */
    static int token(LoadedModel m, String spelled) {
        if (spelled == null) return -1;
        try {
            return TargetToken.parse(m.tokenizer(), m.config().vocabSize(), spelled);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** {"token": " Paris", "id": 6342}: the token as the export spells it, and its id. */
    static Map<String, Object> token(Tokenizer tokenizer, int id) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("token", tokenizer.tokenString(id));
        o.put("id", id);
        return o;
    }

    /** The ids as the export spells them. */
    static List<String> tokens(Tokenizer tokenizer, int[] ids) {
        List<String> out = new ArrayList<>();
        for (int id : ids) out.add(tokenizer.tokenString(id));
        return out;
    }

    /** A number as JSON writes it: the shortest float32 decimal, or null when it could not be computed. */
    static Float number(double x) {
        return Double.isFinite(x) ? (float) x : null;
    }

    /** (rows)(cols) numbers, null where NaN. */
    static List<List<Float>> numbers(double[][] grid) {
        List<List<Float>> out = new ArrayList<>();
        for (double[] row : grid) {
            List<Float> r = new ArrayList<>();
            for (double x : row) r.add(number(x));
            out.add(r);
        }
        return out;
    }

    /** Writes the tree as JSON, whole or not at all; a failure is one line and exit code 2. */
    static void write(Path file, Object tree) {
        try {
            AtomicWrite.write(file, out -> {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create().toJson(tree, w);
                w.flush();
            });
        } catch (IOException e) {
            throw new CliException(UserMessage.of(e));
        }
    }

    /** Progress as a line on err at every tenth, once a run has taken a second (quick runs stay quiet). */
    static Progress progress(PrintWriter err, String command) {
        int[] shown = {0};
        long start = System.nanoTime();
        return (fraction, what) -> {
            int tenth = (int) Math.floor(fraction * 10 + 1e-9);
            if (tenth <= shown[0] || System.nanoTime() - start < 1_000_000_000L) return;
            shown[0] = tenth;
            err.printf("%s: %d %%%s%n", command, tenth * 10, what == null || what.isEmpty() ? "" : " (" + what + ")");
            err.flush();
        };
    }

    /** Loads another model (a second checkpoint) as --model does: a load error is one line. */
    static LoadedModel load(ModelProvider models, String idOrFolder) {
        try {
            return models.load(idOrFolder, Progress.NONE);
        } catch (ModelLoadException e) {
            throw new CliException(UserMessage.clean(e.getMessage()));
        }
    }
}
