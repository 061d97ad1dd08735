package org.attentionlens.cli;

import com.google.gson.JsonObject;
import org.attentionlens.analysis.attribution.DirectLogitAttribution;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The attribute command's JSON, its check that the shares add up, and its defaults. */
class AttributeCommandTest {
    private final ResearchCli cli = new ResearchCli(AttributeCommand::new);

    @Test
    void writesEveryHeadsAndMlpsShareAndTheyAddUp(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("a.json");
        assertEquals(0, cli.run("--model", "tiny-gqa", "--text", "the cat", "--target", "s", "--versus", " ",
                "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("tokens", "target", "versus", "logit_diff", "logit_diff_before_softcap", "heads", "mlps",
                "embeddings", "biases", "sum", "approximation"), List.copyOf(root.keySet()));
        assertEquals("{\"token\":\"s\",\"id\":115}", root.get("target").toString());
        assertEquals(2, root.getAsJsonArray("heads").size());
        assertEquals(4, root.getAsJsonArray("heads").get(0).getAsJsonArray().size());
        assertEquals(2, root.getAsJsonArray("mlps").size());
        assertEquals(root.get("logit_diff").getAsDouble(), root.get("sum").getAsDouble(), 1e-4);
        LoadedModel m = ResearchCli.MODELS.load("tiny-gqa", (f, w) -> {
        });
        DirectLogitAttribution d = DirectLogitAttribution.run(m.transformer(), m.tokenizer().encode("the cat").ids(), 's', ' ');
        assertEquals(d.heads()[1][3], root.getAsJsonArray("heads").get(1).getAsJsonArray().get(3).getAsDouble(), 1e-6);
        assertTrue(cli.out.toString().contains("Approximation: final norm linearised"), cli.out.toString());
    }

    @Test
    void byDefaultTheTopTokenAgainstTheRunnerUp(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("a.json");
        assertEquals(0, cli.run("--model", "planted", "--ids", "3,7,1,9,3,7", "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertTrue(root.get("logit_diff").getAsDouble() >= 0, "the top token leads the runner-up");
        assertEquals(root.get("logit_diff").getAsDouble(), root.get("embeddings").getAsDouble(), 1e-5,
                "in the planted model only the embeddings write where the head reads");
    }

    @Test
    void anEncoderOrOneTokenTwiceIsRefused() {
        assertEquals(2, cli.run("--model", "tiny-bert", "--text", "hi"));
        assertTrue(cli.error().contains("encoder"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-gpt", "--text", "hi", "--target", "a", "--versus", "a"));
        assertTrue(cli.error().contains("same token"), cli.error());
    }
}
