package org.attentionlens.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export contract on the real built-in encoder: layout, values equal to the trace, NumPy files. */
class ExportCommandTest {
    private static LoadedModel minilm;

    @BeforeAll
    static void load() throws Exception {
        minilm = ModelRegistry.load(ModelRegistry.MINILM, Progress.NONE);
    }

    @Test
    void writesTheDocumentedJsonWithTheTracesNumbers(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cat.json");
        assertEquals(0, AttentionLensCommand.execute("export", "--model", "minilm-l6", "--text",
                "The cat sat on the mat", "--out", out.toString(), "--npy", dir.resolve("npy").toString()));
        JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        JsonObject model = json.getAsJsonObject("model");
        assertEquals("bert", model.get("architecture").getAsString());
        assertEquals(6, model.get("layers").getAsInt());
        assertEquals(12, model.get("heads").getAsInt());
        assertEquals(384, model.get("d_model").getAsInt());
        assertEquals(32, model.get("d_head").getAsInt());
        assertEquals(512, model.get("context").getAsInt());
        assertEquals(false, model.get("causal").getAsBoolean());
        assertEquals("[\"[CLS]\",\"the\",\"cat\",\"sat\",\"on\",\"the\",\"mat\",\"[SEP]\"]", json.get("tokens").toString());
        assertEquals("[101,1996,4937,2938,2006,1996,13523,102]", json.get("ids").toString());
        assertTrue(!json.has("logits_last"), "an encoder has no logits");

        AttentionTrace trace = AttentionTrace.capture(minilm.transformer(), minilm.tokenizer().encode("The cat sat on the mat"));
        JsonObject head = json.getAsJsonArray("layers").get(4).getAsJsonObject().getAsJsonArray("heads").get(7).getAsJsonObject();
        HeadMatrices m = trace.head(4, 7);
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++) {
                assertEquals(m.score(i, j), cell(head, "scores", i, j), 0f);
                assertEquals(m.weight(i, j), cell(head, "weights", i, j), 0f);
                assertEquals(m.contribution(i, j), cell(head, "value_norms", i, j), 0f);
            }

        float[] rollout = AttentionRollout.of(trace).upTo(5);
        JsonArray rows = json.getAsJsonArray("rollout");
        assertEquals(8, rows.size());
        for (int i = 0; i < 8; i++) {
            double sum = 0;
            for (int j = 0; j < 8; j++) {
                float x = rows.get(i).getAsJsonArray().get(j).getAsFloat();
                assertEquals(rollout[i * 8 + j], x, 0f);
                sum += x;
            }
            assertEquals(1.0, sum, 1e-5, "rollout rows sum to 1");
        }

        byte[] npy = Files.readAllBytes(dir.resolve("npy/weights.npy"));
        String header = new String(npy, 10, (npy[8] & 0xff) | (npy[9] & 0xff) << 8, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (6, 12, 8, 8)"), header);
        int data = 10 + header.length();
        assertEquals(data + 6 * 12 * 64 * 4, npy.length);
        ByteBuffer values = ByteBuffer.wrap(npy, data, npy.length - data).order(ByteOrder.LITTLE_ENDIAN);
        int offset = ((4 * 12 + 7) * 64 + 2 * 8 + 3) * 4; // [4][7][2][3]
        assertEquals(m.weight(2, 3), values.getFloat(data + offset), 0f);
        assertEquals(json.get("tokens").toString(), Files.readString(dir.resolve("npy/tokens.json")),
                "the .npy export names its tokens as the JSON does");
    }

    @Test
    void writeErrorsAreOneLineAndLeaveThePreviousFileWhole(@TempDir Path dir) throws Exception {
        Path tiny = org.attentionlens.io.TinyGpt2Folder.write(dir.resolve("tiny")); // loads in a blink
        String[] run = {"export", "--model", tiny.toString(), "--text", "The cat"};
        assertTrue(error(concat(run, "--out", dir.resolve("missing/x.json").toString())).contains("does not exist"));
        assertTrue(error(concat(run, "--out", dir.toString())).contains("is a folder"));
        Path file = Files.writeString(dir.resolve("file"), "in the way");
        assertTrue(error(concat(run, "--out", dir.resolve("ok.json").toString(), "--npy", file.toString()))
                .contains("is a file, not a folder"));
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no half-written file left");
        }
    }

    @Test
    void aCorruptModelHeaderIsReadableWithoutBytesClassNamesOrLinks(@TempDir Path dir) throws Exception {
        Path folder = org.attentionlens.io.TinyGpt2Folder.write(dir.resolve("m"));
        byte[] header = "{\"wte.weight\": {\"dtype\": \"F32\u0000\u0000\u0001, \"sha".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 64).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Files.write(folder.resolve("model.safetensors"), b.array());
        String message = error("export", "--model", folder.toString(), "--text", "hi", "--out", dir.resolve("x.json").toString());
        assertTrue(message.contains("model.safetensors") && message.contains("not valid JSON"), message);
        assertTrue(message.chars().noneMatch(c -> c < 0x20), "no control bytes: " + message);
        assertTrue(!message.contains("Exception") && !message.contains("http") && !message.contains("gson"), message);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float cell(JsonObject head, String name, int i, int j) {
        JsonArray rows = head.getAsJsonArray(name);
        return rows.get(i).getAsJsonArray().get(j).getAsFloat();
    }

    @Test
    void badInputIsAOneLineMessageAndExitCodeTwo(@TempDir Path dir) {
        String out = dir.resolve("x.json").toString();
        assertEquals("give exactly one of --text or --ids", error("export", "--model", "minilm-l6", "--out", out));
        assertTrue(error("export", "--model", "minilm-l6", "--text", "word ".repeat(600), "--out", out)
                .contains("takes at most 512"));
        assertTrue(error("export", "--model", "minilm-l6", "--ids", "5,99999999", "--out", out)
                .contains("outside the vocabulary"));
        assertTrue(error("export", "--model", dir.resolve("nowhere").toString(), "--text", "hi", "--out", out)
                .contains("No model"));
    }

    private static String error(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, AttentionLensCommand.execute(args));
        } finally {
            System.setErr(saved);
        }
        String text = buffer.toString(StandardCharsets.UTF_8).trim();
        return text.substring(text.lastIndexOf("export: ") + "export: ".length());
    }
}
