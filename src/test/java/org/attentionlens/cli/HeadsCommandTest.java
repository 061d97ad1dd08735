package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.PlantedInduction;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
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
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The heads command on the hand-wired induction model and a small encoder: table, JSON shape and values. */
class HeadsCommandTest {
    private final ByteTokenizer bytes = new ByteTokenizer(false);
    private final Transformer planted = PlantedInduction.build();
    private final ModelProvider models = (id, progress) -> switch (id) {
        case "planted" -> new LoadedModel(id, "planted induction", planted, bytes);
        case "tiny-bert" -> new LoadedModel(id, "tiny encoder", TinyModels.random(TinyModels.bert(64), 1), bytes);
        default -> throw new ModelLoadException("No model \"" + id + "\"");
    };
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = AttentionLensCommand.withUserErrors(new CommandLine(new HeadsCommand(models)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void writesEveryHeadWithExactlyTheContractKeys(@TempDir Path dir) throws Exception {
        String text = "0123 4567 89:; 0123 4567 89:;"; // bytes below 64, the planted vocabulary
        Path json = dir.resolve("heads.json");
        assertEquals(0, run("--model", "planted", "--text", text, "--json", json.toString()), err.toString());

        JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals(Set.of("heads"), root.keySet());
        JsonArray heads = root.getAsJsonArray("heads");
        assertEquals(4, heads.size());
        HeadReport expected = HeadReport.analyse(planted, bytes, List.of(bytes.encode(text)));
        for (int n = 0; n < 4; n++) {
            JsonObject o = heads.get(n).getAsJsonObject();
            assertEquals(List.of("layer", "head", "entropy", "confidence", "previous_token", "sink", "self",
                    "distance", "induction", "kind"), List.copyOf(o.keySet()));
            HeadStats s = expected.heads().get(n);
            assertEquals(s.layer(), o.get("layer").getAsInt());
            assertEquals(s.head(), o.get("head").getAsInt());
            assertEquals(s.entropy(), o.get("entropy").getAsDouble(), 1e-4);
            assertEquals(s.confidence(), o.get("confidence").getAsDouble(), 1e-4);
            assertEquals(s.previousToken(), o.get("previous_token").getAsDouble(), 1e-4);
            assertEquals(s.sink(), o.get("sink").getAsDouble(), 1e-4);
            assertEquals(s.self(), o.get("self").getAsDouble(), 1e-4);
            assertEquals(s.distance(), o.get("distance").getAsDouble(), 1e-4);
            assertEquals(s.induction(), o.get("induction").getAsDouble(), 1e-4);
            assertEquals(s.kind().key(), o.get("kind").getAsString());
        }
        assertEquals("previous-token", heads.get(0).getAsJsonObject().get("kind").getAsString());
        assertEquals("induction", heads.get(2).getAsJsonObject().get("kind").getAsString());
        assertTrue(out.toString().contains("induction"));
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("\\s+1\\s+0\\s.*induction")), out.toString());
    }

    @Test
    void averagesTheParagraphsOfAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("texts.txt");
        Files.writeString(file, "0123 0123\n\n4567 4567 45\n\n\n89:; 89\n");
        assertEquals(0, run("--model", "planted", "--file", file.toString()), err.toString());
        assertTrue(out.toString().contains("over 3 texts"), out.toString());
    }

    @Test
    void anEncoderGetsTheSinkNoteAndTheDefaultText(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("h.json");
        assertEquals(0, run("--model", "tiny-bert", "--json", json.toString()), err.toString());
        assertTrue(out.toString().contains("[CLS]"), out.toString());
        assertTrue(err.toString().contains("cut to the model's context of 64"), "the default text is longer");
        JsonArray heads = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("heads");
        assertEquals(8, heads.size());
        assertFalse(heads.get(0).getAsJsonObject().get("induction").isJsonNull(), "computed for encoders too");
    }

    @Test
    void badInputGetsAMessage(@TempDir Path dir) {
        assertEquals(2, run("--model", "planted", "--text", "a", "--file", "x.txt"));
        assertTrue(err.toString().contains("not both"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("--model", "planted", "--file", dir.resolve("missing.txt").toString()));
        assertTrue(err.toString().contains("heads: no file"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("--model", "elsewhere"));
        assertTrue(err.toString().contains("No model \"elsewhere\""));
        err.getBuffer().setLength(0);
        assertEquals(2, run("--model", "planted", "--text", "zzz"));
        assertTrue(err.toString().contains("outside the vocabulary"), err.toString());
    }
}
