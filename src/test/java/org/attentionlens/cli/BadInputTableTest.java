package org.attentionlens.cli;

import org.attentionlens.io.TinyGpt2Folder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed model folders and paths on the command line, one row each: every one must end with exit code 2 and one
 * line on stderr that names the problem in words: no stack trace, no Java class name, no web link, no raw bytes.
 */
class BadInputTableTest {
    @TempDir
    Path dir;

    /** One row: what is wrong, and how to make it (a folder and paths under dir) and the command line that meets it. */
    private record Row(String what, Setup setup) {
    }

    @FunctionalInterface
    private interface Setup {
        String[] args(Path model, Path dir) throws IOException;
    }

    private static String[] export(Path model, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("export", "--model", model.toString(), "--text", "The cat sat", "--out", out.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(String[]::new);
    }

    private static String[] exportWith(Path model, Path dir, String file, String content) throws IOException {
        Files.writeString(model.resolve(file), content);
        return export(model, dir.resolve("x.json"));
    }

    private static String[] configWith(Path model, Path dir, String from, String to) throws IOException {
        String config = Files.readString(model.resolve("config.json"));
        assertTrue(config.contains(from), "the tiny folder's config.json has " + from + ": " + config);
        return exportWith(model, dir, "config.json", config.replace(from, to));
    }

    private static String[] shardIndex(Path model, Path dir, String shard) throws IOException {
        Files.delete(model.resolve("model.safetensors"));
        String json = "{\"weight_map\": {\"wte.weight\": \"" + shard.replace("\\", "\\\\").replace("\u0000", "\\u0000") + "\"}}";
        return exportWith(model, dir, "model.safetensors.index.json", json);
    }

    private static final List<Row> ROWS = List.of(
            new Row("no such folder", (m, d) -> export(d.resolve("nowhere"), d.resolve("x.json"))),
            new Row("a file given as the model folder", (m, d) -> export(Files.writeString(d.resolve("file.txt"), "hi"), d.resolve("x.json"))),
            new Row("an empty folder", (m, d) -> export(Files.createDirectories(d.resolve("empty")), d.resolve("x.json"))),
            new Row("config.json not JSON", (m, d) -> exportWith(m, d, "config.json", "{\"n_embd\": ")),
            new Row("config.json a list", (m, d) -> exportWith(m, d, "config.json", "[1, 2]")),
            new Row("config.json with NUL bytes", (m, d) -> exportWith(m, d, "config.json", "{\u0000\u0000\u0001}")),
            new Row("a number given as a string", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":\"32\"")),
            new Row("a number given as Infinity", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":Infinity")),
            new Row("a number given as []", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":[]")),
            new Row("a number given as {}", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":{}")),
            new Row("a number given empty", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":\"\"")),
            new Row("a dimension that overflows", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":1073741824")),
            new Row("a dimension that does not divide", (m, d) -> configWith(m, d, "\"n_embd\":32", "\"n_embd\":30")),
            new Row("a negative layer count", (m, d) -> configWith(m, d, "\"n_layer\":2", "\"n_layer\":-1")),
            new Row("model.safetensors truncated", (m, d) -> exportWith(m, d, "model.safetensors", "abc")),
            new Row("model.safetensors with a header length past the end", (m, d) -> {
                Files.write(m.resolve("model.safetensors"), new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0, '{', '}'});
                return export(m, d.resolve("x.json"));
            }),
            new Row("a shard index naming /etc/passwd", (m, d) -> shardIndex(m, d, "/etc/passwd")),
            new Row("a shard index climbing out of the folder", (m, d) -> shardIndex(m, d, "../../../etc/hostname")),
            new Row("a shard index naming a file with a NUL", (m, d) -> shardIndex(m, d, "model\u0000.safetensors")),
            new Row("a shard index naming a missing shard", (m, d) -> shardIndex(m, d, "model-00001-of-00002.safetensors")),
            new Row("a shard index that is not JSON", (m, d) -> {
                Files.delete(m.resolve("model.safetensors"));
                return exportWith(m, d, "model.safetensors.index.json", "{\"weight_map\": ");
            }),
            new Row("vocab.json not JSON", (m, d) -> exportWith(m, d, "vocab.json", "{\"a\": ")),
            new Row("vocab.json with an id given as text", (m, d) -> exportWith(m, d, "vocab.json", "{\"a\": \"zero\"}")),
            new Row("vocab.json with a negative id", (m, d) -> exportWith(m, d, "vocab.json", "{\"a\": -1}")),
            new Row("tokenizer_config.json of the wrong types", (m, d) -> exportWith(m, d, "tokenizer_config.json", "{\"eos_token\": [1]}")),
            new Row("--out in a missing folder", (m, d) -> export(m, d.resolve("missing/x.json"))),
            new Row("--out a folder", (m, d) -> export(m, d)),
            new Row("--out a full disk", (m, d) -> export(m, Path.of("/dev/full"))),
            new Row("--npy a file", (m, d) -> export(m, d.resolve("x.json"), "--npy", Files.writeString(d.resolve("in-the-way"), "x").toString())),
            new Row("text far past the context", (m, d) -> {
                String[] a = export(m, d.resolve("x.json"));
                a[4] = "word ".repeat(100_000);
                return a;
            }),
            new Row("ids past the vocabulary", (m, d) -> new String[]{"export", "--model", m.toString(), "--ids", "5,99999999",
                    "--out", d.resolve("x.json").toString()}),
            new Row("heads on a broken folder", (m, d) -> {
                Files.writeString(m.resolve("config.json"), "{");
                return new String[]{"heads", "--model", m.toString(), "--text", "The cat"};
            }),
            new Row("generate on a folder with a shard outside it", (m, d) -> {
                shardIndex(m, d, "/etc/passwd");
                return new String[]{"generate", "--model", m.toString(), "--prompt", "The cat", "--steps", "2"};
            }));

    @Test
    void everyRowIsExitCodeTwoAndOneLineOfWords() throws IOException {
        List<String> wrong = new ArrayList<>();
        int i = 0;
        for (Row row : ROWS) {
            if (row.what().contains("full disk") && !Files.exists(Path.of("/dev/full"))) continue;
            Path base = Files.createDirectories(dir.resolve("row" + i++));
            Path model = TinyGpt2Folder.write(base.resolve("model"));
            String[] args = row.setup().args(model, base);
            String problem = check(args);
            if (problem != null) wrong.add(row.what() + ": " + problem);
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** What is wrong with the run's exit code and stderr, or null. */
    private static String check(String[] args) {
        PrintStream savedErr = System.err, savedOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            code = AttentionLensCommand.execute(args);
        } catch (RuntimeException | Error e) {
            return "threw " + e;
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (code != 2) return "exit code " + code + ", stderr: " + text;
        if (line.isBlank()) return "nothing on stderr";
        if (line.contains("\n")) return "more than one line on stderr: " + text;
        if (line.chars().anyMatch(Character::isISOControl)) return "control characters on stderr: " + line;
        for (String raw : List.of("Exception", "\tat ", "java.", "http://", "https://", "gson", "root:"))
            if (line.contains(raw)) return "'" + raw + "' on stderr: " + line;
        return null;
    }
}
