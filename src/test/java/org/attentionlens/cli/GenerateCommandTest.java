package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.ForwardObserver;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.TinyModels;
import org.attentionlens.model.Transformer;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The generate command on small models built here, its output and its trace file's exact shape. */
class GenerateCommandTest {
    private final ByteTokenizer bytes = new ByteTokenizer(false);
    private final Transformer gpt = TinyModels.random(TinyModels.gpt2(64), 31);
    private final ModelProvider models = (id, progress) -> switch (id) {
        case "tiny-gpt" -> new LoadedModel(id, "tiny", gpt, bytes);
        case "tiny-bert" -> new LoadedModel(id, "tiny", TinyModels.random(TinyModels.bert(32), 1), bytes);
        default -> throw new ModelLoadException("No model \"" + id + "\"");
    };

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = AttentionLensCommand.withUserErrors(new CommandLine(new GenerateCommand(models)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void greedyGenerationMatchesArgmaxOfFullPassesAndWritesTheTrace(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        assertEquals(0, run("--model", "tiny-gpt", "--prompt", "The cat sat", "--steps", "6",
                "--temperature", "0", "--trace", trace.toString()), err.toString());

        // Reference: greedy decoding by whole passes without any cache.
        int[] ids = bytes.encode("The cat sat").ids();
        for (int n = 0; n < 6; n++) {
            float[] logits = gpt.forward(ids, ForwardObserver.NONE).logitsLast();
            int best = 0;
            for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
            ids = Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = best;
        }
        int[] generated = Arrays.copyOfRange(ids, 11, 17);
        String text = bytes.decode(generated);
        assertEquals(text + System.lineSeparator(), out.toString());

        JsonObject root = JsonParser.parseString(Files.readString(trace)).getAsJsonObject();
        assertEquals(3, root.size());
        JsonArray prompt = root.getAsJsonArray("prompt_ids");
        assertEquals(11, prompt.size());
        assertEquals('T', prompt.get(0).getAsInt());
        assertEquals(text, root.get("text").getAsString());
        JsonArray steps = root.getAsJsonArray("steps");
        assertEquals(6, steps.size());
        for (int n = 0; n < 6; n++) {
            JsonObject s = steps.get(n).getAsJsonObject();
            assertEquals(generated[n], s.get("id").getAsInt());
            assertEquals(bytes.decode(new int[]{generated[n]}), s.get("token").getAsString());
            assertEquals(12 + n, s.get("cache_len").getAsInt());
            assertTrue(s.get("max_abs_diff_vs_recompute").getAsDouble() < 1e-4);
            JsonArray top = s.getAsJsonArray("top");
            assertEquals(10, top.size());
            assertEquals(s.get("token").getAsString(), top.get(0).getAsJsonObject().get("token").getAsString(),
                    "greedy chose the most likely");
            assertTrue(top.get(0).getAsJsonObject().get("p").getAsDouble() > 0);
        }
    }

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        String[] args = {"--model", "tiny-gpt", "--prompt", "Hello", "--steps", "12", "--temperature", "1.5",
                "--top-k", "50", "--top-p", "0.95", "--seed", "8", "--no-check"};
        assertEquals(0, run(args));
        String first = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run(args));
        assertEquals(first, out.toString());
        out.getBuffer().setLength(0);
        args[args.length - 2] = "9";
        assertEquals(0, run(args));
        assertNotEquals(first, out.toString());
    }

    @Test
    void stopsAtTheContextLimitAndSaysSo(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.json");
        assertEquals(0, run("--model", "tiny-gpt", "--prompt", "x".repeat(60), "--steps", "10", "--temperature", "0",
                "--trace", trace.toString()));
        JsonObject root = JsonParser.parseString(Files.readString(trace)).getAsJsonObject();
        assertEquals(4, root.getAsJsonArray("steps").size(), "64 positions − 60 prompt tokens");
        assertTrue(err.toString().contains("reached the context limit of 64 positions"), err.toString());
    }

    @Test
    void anEncoderIsRefusedWithAHint() {
        assertEquals(2, run("--model", "tiny-bert", "--prompt", "Hello", "--steps", "3"));
        assertTrue(err.toString().contains("bidirectional encoder"), err.toString());
        assertTrue(err.toString().contains("brown-gpt"), err.toString());
    }

    @Test
    void badInputGetsAMessage() {
        assertEquals(2, run("--model", "nope", "--prompt", "Hello", "--steps", "3"));
        assertTrue(err.toString().contains("No model \"nope\""));
        err.getBuffer().setLength(0);
        assertEquals(2, run("--model", "tiny-gpt", "--prompt", "Hello", "--steps", "3", "--top-p", "2"));
        assertTrue(err.toString().contains("top-p must be in (0, 1]"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--model", "tiny-gpt", "--prompt", "Hello", "--steps", "0"));
        assertTrue(err.toString().contains("--steps"));
    }
}
