package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The circuits command's JSON on the hand-wired models. */
class CircuitsCommandTest {
    private final ResearchCli cli = new ResearchCli(CircuitsCommand::new);

    @Test
    void copyingScoresAndTheCompositionMatrices(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("c.json");
        assertEquals(0, cli.run("--model", "sharp", "--json", json.toString()), cli.err.toString());
        JsonObject root = ResearchCli.json(json);
        assertEquals(List.of("heads", "composition", "medians", "notes"), List.copyOf(root.keySet()));
        JsonArray heads = root.getAsJsonArray("heads");
        assertEquals("{\"layer\":0,\"head\":0,\"copying\":1.0}", heads.get(0).toString());
        assertEquals(-1.0, heads.get(1).getAsJsonObject().get("copying").getAsDouble(), 1e-6);

        assertEquals(0, cli.run("--model", "planted", "--json", json.toString()), cli.err.toString());
        JsonObject k = ResearchCli.json(json).getAsJsonObject("composition");
        assertEquals(List.of("q", "k", "v"), List.copyOf(k.keySet()));
        JsonArray rows = k.getAsJsonArray("k");
        assertEquals(4, rows.size());
        assertEquals(0.125, rows.get(0).getAsJsonArray().get(2).getAsDouble(), 1e-6, "L0.H0 written, L1.H0 reads");
        assertTrue(rows.get(2).getAsJsonArray().get(0).isJsonNull(), "no later layer writes to an earlier one");
        assertTrue(cli.out.toString().contains("L1.H0 reads L0.H0  0.125"), cli.out.toString());
    }
}
