package org.attentionlens.fuzz;

import org.attentionlens.io.OpenFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.io.TraceExport;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Model folders of every kind, mutated ({@link Edit}), through the real entry points: {@link ModelRegistry#load},
 * then encode → forward with full capture → JSON export → decode. The only allowed outcomes: the folder loads and
 * all of that runs, or loading fails with a {@link ModelLoadException} whose message is clean ({@link Messages}).
 * No other exception, no hang past {@link TimeLimit}, no out-of-memory, no read of the {@link Sentinel} beside the
 * folder, no file of the folder left open ({@link OpenFiles}). Inputs per seed: {@link FuzzInputs#TRIES}.
 */
class ModelFolderFuzzTest {
    static final String SUITE = "model folders: load, encode, forward, export";
    private static final String TEXT = "The cat sat on the mat. Its café costs 4,20 € — naïve 日本語 😀 \u202eabc";

    @Test
    void gpt2F32() {
        FuzzInputs.run(SUITE + ", " + "gpt2-f32", rnd -> fuzz("gpt2-f32", rnd));
    }

    @Test
    void gpt2F16() {
        FuzzInputs.run(SUITE + ", " + "gpt2-f16", rnd -> fuzz("gpt2-f16", rnd));
    }

    @Test
    void gpt2BF16() {
        FuzzInputs.run(SUITE + ", " + "gpt2-bf16", rnd -> fuzz("gpt2-bf16", rnd));
    }

    @Test
    void gpt2Sharded() {
        FuzzInputs.run(SUITE + ", " + "gpt2-sharded", rnd -> fuzz("gpt2-sharded", rnd));
    }

    @Test
    void gpt2TokenizerJson() {
        FuzzInputs.run(SUITE + ", " + "gpt2-tokenizer-json", rnd -> fuzz("gpt2-tokenizer-json", rnd));
    }

    @Test
    void brownGpt() {
        FuzzInputs.run(SUITE + ", " + "brown-gpt", rnd -> fuzz("brown-gpt", rnd));
    }

    @Test
    void llama3() {
        FuzzInputs.run(SUITE + ", " + "llama3", rnd -> fuzz("llama3", rnd));
    }

    @Test
    void bert() {
        FuzzInputs.run(SUITE + ", " + "bert", rnd -> fuzz("bert", rnd));
    }

    @Test
    void otherFamilies() {
        String[] families = {"qwen3", "gemma2", "phi3", "gpt-neox"};
        FuzzInputs.run(SUITE + ", other families", rnd -> fuzz(families[rnd.nextInt(families.length)], rnd));
    }

    @AfterAll
    static void report() {
        FuzzReport.print(SUITE);
    }

    private static void fuzz(String seed, Random rnd) throws Exception {
        List<Edit> edits = Edit.random(rnd);
        Path folder = Seeds.copyOf(seed);
        try {
            List<String> names = names(folder);
            for (Edit e : edits) FolderEdits.apply(folder, e, Seeds.sentinel());
            names.addAll(names(folder));
            long t0 = System.nanoTime();
            String outcome = TimeLimit.run(() -> loadRunExport(folder, names));
            List<String> open = OpenFiles.under(folder);
            if (!open.isEmpty()) throw new AssertionError("files of the folder left open (" + outcome + "): " + open);
            FuzzReport.record(SUITE, seed, Edit.label(edits), outcome, System.nanoTime() - t0);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(seed + " " + edits + ": " + e.getMessage(), e);
        } finally {
            Seeds.delete(folder);
        }
    }

    /** "ok" or "refused"; throws when neither. */
    private static String loadRunExport(Path folder, List<String> names) throws Exception {
        LoadedModel m;
        try {
            m = ModelRegistry.load(folder.toString(), Progress.NONE);
        } catch (ModelLoadException e) {
            String problem = Messages.problem(e.getMessage(), e, names);
            if (problem == null) problem = Seeds.sentinel().leak(e.getMessage());
            if (problem != null) throw new AssertionError(problem + ": " + e.getMessage(), e);
            return "refused";
        }
        String leak = Seeds.sentinel().leak(null);
        if (leak != null) throw new AssertionError(leak);
        run(m, Seeds.output(folder));
        return "ok";
    }

    /** A loaded model must run: encode, one pass with full capture, the JSON export read back, decode. */
    static void run(LoadedModel m, Path out) throws Exception {
        Tokenizer tok = m.tokenizer();
        Tokens tokens = tok.encode(tok instanceof IdsOnlyTokenizer ? "0" : TEXT);
        int T = Math.min(tokens.size(), m.config().context());
        if (T == 0) return;
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), tokens.head(T));
        TraceExport.writeJson(trace, tok, out);
        JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        if (json.getAsJsonArray("tokens").size() != T) throw new AssertionError("the export lost tokens");
        tok.decode(tokens.ids());
    }

    /** Words a message about this folder may name: the folder and its files as the seed has them. */
    private static List<String> names(Path folder) throws Exception {
        List<String> names = new ArrayList<>(List.of(folder.getFileName().toString(), "shard", "tokenizer"));
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }
}
