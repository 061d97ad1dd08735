package org.attentionlens.io;

import org.attentionlens.io.TinyGpt2.Head;
import org.attentionlens.io.TinyGpt2.Layout;
import org.attentionlens.model.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What real folders bring: configs with wrong types, shard indexes that point outside the folder, the Hugging Face
 * cache layout, generation_config.json's end-of-text ids, tensors past 2 GiB into a file, and models too large
 * for the heap. Every failure is one line naming the file and the problem, without Java class names.
 */
class FolderLoadingTest {
    @TempDir
    Path dir;

    private Path tiny(String name) throws Exception {
        return new TinyGpt2(new Layout(false, false, Head.NONE, "F32", false), null, 11).write(dir.resolve(name));
    }

    private String failure(Path folder) {
        String m = assertThrows(ModelLoadException.class, () -> ModelRegistry.loadFolder(folder, Progress.NONE)).getMessage();
        assertFalse(m.matches("(?s).*(java\\.|com\\.google|Exception|https?://).*"), "no class names or links: " + m);
        return m;
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    @Test
    void configValuesOfTheWrongTypeOrSizeAreNamed() throws Exception {
        Path f = tiny("m");
        String config = Files.readString(f.resolve("config.json"));
        String[][] cases = {
                {"\"n_embd\":32", "\"n_embd\":\"32\"", "\"n_embd\" must be a number, is \"32\""},
                {"\"n_embd\":32", "\"n_embd\":Infinity", "\"n_embd\" must be a finite number"},
                {"\"n_embd\":32", "\"n_embd\":[]", "\"n_embd\" must be a number, is []"},
                {"\"n_embd\":32", "\"n_embd\":{}", "\"n_embd\" must be a number, is {}"},
                {"\"n_embd\":32", "\"n_embd\":1073741824", "\"n_embd\" must be a positive whole number up to"},
                {"\"n_embd\":32", "\"n_embd\":32.5", "\"n_embd\" must be a positive whole number"},
                {"\"n_layer\":2", "\"n_layer\":-1", "\"n_layer\" must be a positive whole number"},
                {"\"layer_norm_epsilon\":1.0E-5", "\"layer_norm_epsilon\":\"tiny\"", "\"layer_norm_epsilon\" must be a number"},
                {"\"model_type\":\"gpt2\"", "\"model_type\":7", "\"model_type\" must be a string, is 7"},
        };
        for (String[] c : cases) {
            assertTrue(config.contains(c[0]), c[0]);
            Files.writeString(f.resolve("config.json"), config.replace(c[0], c[1]));
            assertMentions(failure(f), "config.json", c[2]);
        }
        Files.writeString(f.resolve("config.json"), "[1, 2]");
        assertMentions(failure(f), "config.json is not a JSON object");
    }

    @Test
    void shardsOutsideTheFolderAreRefusedWithoutOpeningThem() throws Exception {
        Path f = tiny("m");
        Files.move(f.resolve("model.safetensors"), f.resolve("model-00001-of-00001.safetensors"));
        for (String shard : new String[]{"/etc/passwd", "../../../etc/hostname", "..", "sub/model.safetensors",
                dir.resolve("other.safetensors").toString(), "a\u0000b", "C:\\\\x"}) {
            Files.writeString(f.resolve(SafetensorsCheckpoint.INDEX), "{\"weight_map\": {\"wte.weight\": "
                    + new com.google.gson.Gson().toJson(shard) + "}}");
            String m = failure(f);
            assertMentions(m, SafetensorsCheckpoint.INDEX, "not a file name inside the model folder");
            assertFalse(m.contains("root:"), "nothing of /etc/passwd leaks into the message: " + m);
            assertFalse(m.contains("\u0000"), "no raw control characters: " + m);
        }
    }

    @Test
    void modelsInTheHuggingFaceCacheAreFoundByTheirHubId() throws Exception {
        Path hub = dir.resolve("hub"), model = hub.resolve("models--acme--tiny-gpt");
        Path snapshot = model.resolve("snapshots/abc123");
        Files.createDirectories(snapshot);
        Path src = tiny("src");
        try (var files = Files.list(src)) {
            for (Path p : files.toList()) Files.copy(p, snapshot.resolve(p.getFileName()));
        }
        Files.createDirectories(model.resolve("refs"));
        Files.writeString(model.resolve("refs/main"), "abc123\n");
        Files.createDirectories(hub.resolve("models--acme--broken/snapshots/x")); // no config: not listed
        Files.createDirectories(hub.resolve("datasets--acme--data"));             // not a model
        assertEquals(Optional.of(snapshot), HfCache.find(hub, "acme/tiny-gpt"));
        assertEquals(List.of("acme/tiny-gpt"), HfCache.list(hub));
        assertEquals(Optional.empty(), HfCache.find(hub, "acme/missing"));
        assertEquals(Optional.empty(), HfCache.find(hub, "../etc"), "only ORG/NAME ids");
        Files.writeString(model.resolve("refs/main"), "../../../x"); // a ref pointing outside: falls back to the snapshots
        assertEquals(Optional.of(snapshot), HfCache.find(hub, "acme/tiny-gpt"));
        LoadedModel m = HfFolderLoader.load(ModelSource.folder(HfCache.find(hub, "acme/tiny-gpt").orElseThrow()),
                "acme/tiny-gpt", org.attentionlens.tensor.Kernels.best(), Progress.NONE);
        assertEquals("acme/tiny-gpt", m.id());
    }

    @Test
    void generationConfigsEndOfTextIdsStopGeneration() throws Exception {
        Path f = tiny("m");
        Files.writeString(f.resolve(GenerationConfig.FILE), "{\"eos_token_id\": [7, 9, 7]}");
        assertArrayEquals(new int[]{7, 9}, ModelRegistry.loadFolder(f, Progress.NONE).stopIds());
        Files.writeString(f.resolve(GenerationConfig.FILE), "{\"eos_token_id\": 12}");
        assertArrayEquals(new int[]{12}, ModelRegistry.loadFolder(f, Progress.NONE).stopIds());
        Files.delete(f.resolve(GenerationConfig.FILE));
        LoadedModel m = ModelRegistry.loadFolder(f, Progress.NONE); // the tokenizer's <|endoftext|>
        assertArrayEquals(new int[]{m.tokenizer().endOfText().orElseThrow()}, m.stopIds());
        Files.writeString(f.resolve(GenerationConfig.FILE), "{\"eos_token_id\": \"seven\"}");
        assertMentions(failure(f), "generation_config.json", "\"eos_token_id\" must be a token id or a list of token ids");
    }

    /** A tensor whose bytes start past 2 GiB into a (sparse) file reads like any other: offsets are 64-bit. */
    @Test
    void tensorsPastTwoGibibytesIntoAFileRead() throws Exception {
        long pad = (1L << 31) + 4096;
        Path file = dir.resolve("big.safetensors");
        String header = "{\"pad\":{\"dtype\":\"U8\",\"shape\":[" + pad + "],\"data_offsets\":[0," + pad + "]},"
                + "\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[" + pad + "," + (pad + 16) + "]}}";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.seek(8 + h.length + pad); // the gap stays a hole: nothing is written there
            ByteBuffer x = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            x.asFloatBuffer().put(new float[]{1.5f, -2f, 3.25f, 7f});
            raf.write(x.array());
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[]{1.5f, -2f, 3.25f, 7f}, f.floats("x"));
        }
    }

    /** A model larger than the heap is refused with the numbers before its weights are read. */
    @Test
    void aModelTooLargeForTheHeapIsRefusedWithTheNumbers() throws Exception {
        Path f = tiny("m");
        long huge = Runtime.getRuntime().maxMemory() * 2; // extra tensor bytes, as a 40 GB checkpoint would have
        Path file = f.resolve("model.safetensors");
        byte[] original = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(original, 8, (int) n, StandardCharsets.UTF_8).trim();
        long dataSize = original.length - 8 - n;
        String extra = ",\"unused.weight\":{\"dtype\":\"F32\",\"shape\":[" + huge / 4 + "],\"data_offsets\":["
                + dataSize + "," + (dataSize + huge / 4 * 4) + "]}}";
        byte[] h = (header.substring(0, header.length() - 1) + extra).getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
            raf.write(h);
            raf.write(original, (int) (8 + n), (int) dataSize);
            raf.setLength(8 + h.length + dataSize + huge / 4 * 4); // sparse: the claimed bytes take no disk
        }
        assertMentions(failure(f), "needs", "GB for its weights", "-Xmx", "or pick a smaller model");
    }
}
