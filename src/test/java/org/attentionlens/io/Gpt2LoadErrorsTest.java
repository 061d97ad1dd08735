package org.attentionlens.io;

import org.attentionlens.io.TinyGpt2.Head;
import org.attentionlens.io.TinyGpt2.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a folder can be wrong gives a ModelLoadException whose message names the problem. */
class Gpt2LoadErrorsTest {
    @TempDir
    Path dir;

    private TinyGpt2 tiny() {
        return new TinyGpt2(new Layout(false, false, Head.NONE, "F32", false), null, 11);
    }

    private String failure(Path folder) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelRegistry.loadFolder(folder, Progress.NONE));
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "message should mention '" + p + "': " + message);
    }

    @Test
    void missingConfig() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        Files.delete(f.resolve("config.json"));
        assertMentions(failure(f), "has no config.json", "config.json + model.safetensors",
                "model.safetensors.index.json", "tokenizer.json, or vocab.json and merges.txt");
    }

    @Test
    void missingSafetensors() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        Files.delete(f.resolve("model.safetensors"));
        Files.writeString(f.resolve("pytorch_model.bin"), "x");
        assertMentions(failure(f), "has no model.safetensors", "A model folder must contain", "pytorch_model.bin",
                "safe_serialization=True");
    }

    @Test
    void notAFolder() {
        assertMentions(assertThrows(ModelLoadException.class,
                () -> ModelRegistry.load(dir.resolve("nowhere").toString(), Progress.NONE)).getMessage(), "No model", "nowhere");
    }

    @Test
    void truncatedFile() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        Path st = f.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(st);
        Files.write(st, Arrays.copyOf(all, all.length - 100));
        assertMentions(failure(f), "model.safetensors", "outside the data", "truncated");
        Files.write(st, Arrays.copyOf(all, 5));
        assertMentions(failure(f), "model.safetensors is truncated", "5 bytes");
    }

    @Test
    void corruptHeaderJson() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        byte[] json = "{\"wte.weight\": {\"dtype\": \"F32\", \"sha".getBytes(StandardCharsets.UTF_8);
        writeRaw(f.resolve("model.safetensors"), json.length, json, new byte[64]);
        assertMentions(failure(f), "model.safetensors", "not valid JSON");
    }

    @Test
    void malformedHeaderEntry() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        byte[] json = "{\"wte.weight\": {\"dtype\": \"F32\", \"shape\": \"big\"}}".getBytes(StandardCharsets.UTF_8);
        writeRaw(f.resolve("model.safetensors"), json.length, json, new byte[64]);
        assertMentions(failure(f), "wte.weight", "model.safetensors", "malformed");
    }

    @Test
    void headerLengthBeyondFile() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        writeRaw(f.resolve("model.safetensors"), 1_000_000, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertMentions(failure(f), "model.safetensors", "header length is 1000000", "10 bytes");
    }

    @Test
    void dataSizeDisagreesWithShape() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        new SafetensorsWriter().addRaw("wte.weight", "F32", new byte[12], 2, 2).write(f.resolve("model.safetensors"));
        assertMentions(failure(f), "wte.weight", "12 bytes", "[2, 2]", "needs 16");
    }

    @Test
    void tensorMissing() throws Exception {
        TinyGpt2 t = tiny();
        Path f = t.write(dir.resolve("m"));
        Map<String, float[]> values = new LinkedHashMap<>(t.tensors);
        values.remove("h.1.attn.c_attn.weight");
        t.writeCheckpoint(f, values);
        assertMentions(failure(f), "tensor 'h.1.attn.c_attn.weight' missing from model.safetensors");
    }

    @Test
    void tensorMissingFromShards() throws Exception {
        TinyGpt2 t = new TinyGpt2(new Layout(true, false, Head.NONE, "F32", true), null, 11);
        Path f = t.write(dir.resolve("m"));
        Map<String, float[]> values = new LinkedHashMap<>(t.tensors);
        values.remove("ln_f.bias");
        t.writeCheckpoint(f, values);
        assertMentions(failure(f), "tensor 'transformer.ln_f.bias' missing from the shards listed in "
                + "model.safetensors.index.json");
    }

    @Test
    void shardFileMissing() throws Exception {
        Path f = new TinyGpt2(new Layout(true, false, Head.NONE, "F32", true), null, 11).write(dir.resolve("m"));
        Files.delete(f.resolve("model-00002-of-00002.safetensors"));
        assertMentions(failure(f), "model-00002-of-00002.safetensors", "not in");
    }

    @Test
    void wrongShape() throws Exception {
        TinyGpt2 t = tiny();
        Path f = t.write(dir.resolve("m"));
        t.shapes.put("h.0.mlp.c_fc.weight", new long[]{TinyGpt2.D, 100});
        Map<String, float[]> values = new LinkedHashMap<>(t.tensors);
        values.put("h.0.mlp.c_fc.weight", new float[TinyGpt2.D * 100]);
        t.writeCheckpoint(f, values);
        assertMentions(failure(f), "h.0.mlp.c_fc.weight has shape [32, 100], expected [32, 128]", "from config.json");
    }

    @Test
    void unsupportedDtype() throws Exception {
        TinyGpt2 t = tiny();
        Path f = t.write(dir.resolve("m"));
        SafetensorsWriter w = new SafetensorsWriter();
        for (var e : t.tensors.entrySet())
            if (e.getKey().equals("wpe.weight")) w.addRaw(e.getKey(), "I8", new byte[e.getValue().length], t.shapes.get(e.getKey()));
            else w.add(e.getKey(), e.getValue(), t.shapes.get(e.getKey()));
        w.write(f.resolve("model.safetensors"));
        assertMentions(failure(f), "wpe.weight", "I8", "F32, F16, BF16");
    }

    @Test
    void unsupportedArchitecture() throws Exception {
        TinyGpt2 t = tiny();
        Path f = t.write(dir.resolve("m"));
        t.writeConfig(f, "mixtral");
        assertMentions(failure(f), "'mixtral' is a mixture-of-experts model", "Supported model_type values: bert,",
                "gpt2", "llama", "qwen3");
        t.writeConfig(f, "mamba");
        assertMentions(failure(f), "'mamba' has state-space or recurrent layers");
        t.writeConfig(f, "llava");
        assertMentions(failure(f), "'llava' is a multimodal model");
        t.writeConfig(f, "bloom");
        assertMentions(failure(f), "ALiBi");
        t.writeConfig(f, "no-such-model");
        assertMentions(failure(f), "unsupported architecture 'no-such-model'", "Supported model_type values");
    }

    @Test
    void unsupportedActivationAndBadConfig() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        String config = Files.readString(f.resolve("config.json"));
        Files.writeString(f.resolve("config.json"), config.replace("gelu_new", "relu"));
        assertMentions(failure(f), "activation_function 'relu'", "gelu_new");
        Files.writeString(f.resolve("config.json"), config.replace("gelu_new", "gelu\\u0000new"));
        String nul = failure(f);
        assertMentions(nul, "activation_function 'gelu");
        assertTrue(nul.chars().noneMatch(ch -> ch < 0x20), "control characters quoted raw: " + nul);
        Files.writeString(f.resolve("config.json"), config.replace("\"n_head\":4", "\"n_head\":5"));
        assertMentions(failure(f), "n_embd 32 is not divisible by n_head 5");
        Files.writeString(f.resolve("config.json"), config.replace("\"n_layer\":2,", ""));
        assertMentions(failure(f), "config.json has no \"n_layer\"");
        Files.writeString(f.resolve("config.json"), "{not json");
        assertMentions(failure(f), "config.json is not valid JSON");
    }

    @Test
    void missingTokenizerWithForeignVocabularySize() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        Files.delete(f.resolve("merges.txt"));
        assertMentions(failure(f), "has no tokenizer", "vocabulary of " + tiny().V, "50257", "vocab.json and merges.txt");
    }

    @Test
    void brokenTokenizerFiles() throws Exception {
        Path f = tiny().write(dir.resolve("m"));
        Files.writeString(f.resolve("merges.txt"), "#version: 0.2\nĠ t\nzz qq\n");
        assertMentions(failure(f), "tokenizer", "merge 2 'zz qq'", "not in the vocabulary");
        Files.writeString(f.resolve("merges.txt"), "#version: 0.2\nĠ t h\n");
        assertMentions(failure(f), "merges.txt line 2");
    }

    /** An 8-byte little-endian header length (whatever it claims), then the given header bytes and data. */
    private static void writeRaw(Path file, long claimedLength, byte[] header, byte[] data) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(claimedLength).put(header).put(data);
        Files.write(file, b.array());
    }
}
