package org.attentionlens.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The knockout command on the hand-wired copying model (exactly one-hot attention) and its user errors. */
class KnockoutCommandTest {
    private final ResearchCli cli = new ResearchCli(KnockoutCommand::new);

    @Test
    void anEdgeWithoutWeightChangesNothingAndTheCopiedEdgeDoes(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("k.json");
        assertEquals(0, cli.run("--model", "sharp", "--ids", "4,9,2,11,6,1", "--edge", "-1:2", "--heads", "0",
                "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("tokens", "intervention", "blocked_weight", "kl_divergence", "max_abs_delta_p", "top"),
                List.copyOf(root.keySet()));
        assertEquals("knockout of query 5 → key 2 in layer 0, heads 0", root.get("intervention").getAsString());
        assertEquals(0, root.get("kl_divergence").getAsDouble(), 0);
        assertEquals(0, root.get("blocked_weight").getAsDouble(), 0);
        assertEquals(List.of("token", "p_before", "p_after"),
                List.copyOf(root.getAsJsonArray("top").get(0).getAsJsonObject().keySet()));
        assertEquals(0, cli.run("--model", "sharp", "--ids", "4,9,2,11,6,1", "--edge", "5:4", "--json", json.toString()));
        assertTrue(ResearchCli.json(json).get("kl_divergence").getAsDouble() > 1e-3);
    }

    @Test
    void headsCanBeZeroOrMeanAblated(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("k.json");
        assertEquals(0, cli.run("--model", "sharp", "--ids", "4,9,2,11,6,1", "--ablate", "0.0", "--mode", "mean",
                "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals("mean ablation of heads 0.0", root.get("intervention").getAsString());
        assertFalse(root.has("blocked_weight"));
        assertTrue(root.get("kl_divergence").getAsDouble() > 0);
    }

    @Test
    void badInputIsOneLine() {
        assertEquals(2, cli.run("--model", "sharp", "--ids", "1,2,3", "--edge", "1:2"));
        assertTrue(cli.error().contains("cannot read key 2 after it"), cli.error());
        assertEquals(2, cli.run("--model", "sharp", "--ids", "1,2,3", "--key", "7"));
        assertTrue(cli.error().contains("position 7 is outside the text's 3 tokens"), cli.error());
        assertEquals(2, cli.run("--model", "sharp", "--ids", "1,2,3", "--key", "0", "--edge", "2:0"));
        assertTrue(cli.error().contains("exactly one of"), cli.error());
        assertEquals(2, cli.run("--model", "sharp", "--ids", "1,2,3", "--key", "0", "--layers", "0-4"));
        assertTrue(cli.error().contains("layers 0–4"), cli.error());
        assertEquals(2, cli.run("--model", "sharp", "--ids", "1,2,3", "--ablate", "0-1"));
        assertTrue(cli.error().contains("LAYER.HEAD"), cli.error());
        assertEquals(2, cli.run("--model", "tiny-bert", "--text", "abc", "--key", "0"));
        assertTrue(cli.error().contains("encoder"), cli.error());
    }
}
