package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The lens command's JSON contract and its user errors. */
class LensCommandTest {
    private final ResearchCli cli = new ResearchCli(LensCommand::new);

    @Test
    void writesExactlyTheContractsLayoutWithTheModelsNumbers(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("lens.json");
        assertEquals(0, cli.run("--model", "tiny-gpt", "--text", "hello there", "--target", "e", "--top", "3",
                "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("tokens", "layers"), List.copyOf(root.keySet()));
        assertEquals("[\"h\",\"e\",\"l\",\"l\",\"o\",\" \",\"t\",\"h\",\"e\",\"r\",\"e\"]", root.get("tokens").toString());
        JsonArray layers = root.getAsJsonArray("layers");
        assertEquals(2, layers.size());
        LoadedModel m = ResearchCli.MODELS.load("tiny-gpt", (f, w) -> {
        });
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), m.tokenizer().encode("hello there"));
        for (JsonElement layer : layers) {
            assertEquals(List.of("positions"), List.copyOf(layer.getAsJsonObject().keySet()));
            JsonArray positions = layer.getAsJsonObject().getAsJsonArray("positions");
            assertEquals(11, positions.size());
            for (JsonElement p : positions) {
                JsonObject cell = p.getAsJsonObject();
                assertEquals(List.of("top", "target_p", "target_rank"), List.copyOf(cell.keySet()));
                assertEquals(3, cell.getAsJsonArray("top").size());
                for (JsonElement t : cell.getAsJsonArray("top"))
                    assertEquals(List.of("token", "p"), List.copyOf(t.getAsJsonObject().keySet()));
                assertTrue(cell.get("target_rank").getAsInt() >= 1);
            }
        }
        JsonObject last = layers.get(1).getAsJsonObject().getAsJsonArray("positions").get(10).getAsJsonObject();
        double[] p = Probabilities.softmax(trace.logitsLast());
        int top = Ranking.top(p, 1)[0];
        assertEquals(m.tokenizer().tokenString(top), last.getAsJsonArray("top").get(0).getAsJsonObject().get("token").getAsString());
        assertEquals(p[top], last.getAsJsonArray("top").get(0).getAsJsonObject().get("p").getAsDouble(), 1e-6);
        assertEquals(p['e'], last.get("target_p").getAsDouble(), 1e-6 + 1e-6 * p['e']);
        assertTrue(cli.out.toString().contains("stable"), cli.out.toString());
    }

    @Test
    void withoutATargetItsFieldsAreNull(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("lens.json");
        assertEquals(0, cli.run("--model", "tiny-gqa", "--ids", "5,6,7", "--json", json.toString()), cli.err.toString());
        JsonObject cell = ResearchCli.json(json).getAsJsonArray("layers").get(0).getAsJsonObject()
                .getAsJsonArray("positions").get(0).getAsJsonObject();
        assertTrue(cell.get("target_p").isJsonNull() && cell.get("target_rank").isJsonNull());
        assertEquals(5, cell.getAsJsonArray("top").size(), "five by default");
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--target", "ab"));
        assertTrue(cli.error().contains("\"ab\" is 2 tokens"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-bert", "--text", "hi"));
        assertTrue(cli.error().contains("does not apply") && cli.error().contains("encoder"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--top", "0"));
        assertTrue(cli.error().contains("--top"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--target", "id:999"));
        assertTrue(cli.error().contains("outside the vocabulary"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--json", dir.resolve("no/such/dir/x.json").toString()));
        assertTrue(cli.error().startsWith("lens: "), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--json", dir.toString()));
        assertTrue(cli.error().contains("is a folder"), cli.error());
    }
}
