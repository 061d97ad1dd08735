package org.attentionlens.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.attentionlens.tokenizer.ByteUnicode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A tiny random GPT-2 checkpoint in Hugging Face's layout, written to a folder the way real ones are, with a
 * small BPE vocabulary trained here on a few sentences. The values kept in {@link #tensors} are exactly what the
 * file stores (already rounded to F16/BF16), so a reference computed from them must match the loaded model to
 * float32 rounding. Legend: L layers, H heads, D width, F MLP width, N positions, V vocabulary.
 */
final class TinyGpt2 {
    enum Head { NONE, TIED, UNTIED }

    /** How the checkpoint is written. */
    record Layout(boolean prefix, boolean buffers, Head head, String dtype, boolean sharded) {
        @Override
        public String toString() {
            return dtype + (prefix ? " transformer." : " bare") + (buffers ? " +attn.bias" : "")
                    + " lm_head=" + head + (sharded ? " sharded" : "");
        }
    }

    static final int L = 2, H = 4, D = 32, N = 16;
    static final String CORPUS = "the cat sat on the mat. the dog sat on the log! a cat and a dog ate the hat; "
            + "then the cat ran to the mat, and the dog ran to the log. that is that.";

    final int F;
    final Layout layout;
    final Map<String, float[]> tensors = new LinkedHashMap<>(); // HF name without prefix -> values as stored
    final Map<String, long[]> shapes = new LinkedHashMap<>();
    final Map<String, Integer> vocab;                           // BPE entry -> id
    final List<String[]> merges;                                // best first
    final int V;

    TinyGpt2(Layout layout, Integer nInner, long seed) {
        this.layout = layout;
        this.F = nInner == null ? 4 * D : nInner;
        this.merges = trainMerges(CORPUS, 40);
        this.vocab = vocabulary(merges);
        this.V = vocab.size();
        SplittableRandom rnd = new SplittableRandom(seed);
        put("wte.weight", rnd, 0.3, 0, V, D);
        put("wpe.weight", rnd, 0.1, 0, N, D);
        for (int l = 0; l < L; l++) {
            String h = "h." + l + ".";
            put(h + "ln_1.weight", rnd, 0.1, 1, D);
            put(h + "ln_1.bias", rnd, 0.05, 0, D);
            put(h + "attn.c_attn.weight", rnd, 0.3, 0, D, 3 * D);
            put(h + "attn.c_attn.bias", rnd, 0.1, 0, 3 * D);
            put(h + "attn.c_proj.weight", rnd, 0.15, 0, D, D);
            put(h + "attn.c_proj.bias", rnd, 0.05, 0, D);
            put(h + "ln_2.weight", rnd, 0.1, 1, D);
            put(h + "ln_2.bias", rnd, 0.05, 0, D);
            put(h + "mlp.c_fc.weight", rnd, 0.2, 0, D, F);
            put(h + "mlp.c_fc.bias", rnd, 0.05, 0, F);
            put(h + "mlp.c_proj.weight", rnd, 0.1, 0, F, D);
            put(h + "mlp.c_proj.bias", rnd, 0.05, 0, D);
        }
        put("ln_f.weight", rnd, 0.1, 1, D);
        put("ln_f.bias", rnd, 0.05, 0, D);
        if (layout.head() == Head.UNTIED) put("lm_head.weight", rnd, 0.3, 0, V, D);
        if (layout.head() == Head.TIED) {
            tensors.put("lm_head.weight", tensors.get("wte.weight"));
            shapes.put("lm_head.weight", new long[]{V, D});
        }
    }

    /** The untied head (V, D), or null when the model is tied. */
    float[] untiedHead() {
        return layout.head() == Head.UNTIED ? tensors.get("lm_head.weight") : null;
    }

    private void put(String name, SplittableRandom rnd, double scale, double mean, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = HalfFloats.round((float) (mean + rnd.nextGaussian() * scale), layout.dtype());
        tensors.put(name, v);
        shapes.put(name, shape);
    }

    /** Writes config.json, the checkpoint and vocab.json + merges.txt into folder; returns folder. */
    Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        writeConfig(folder, "gpt2");
        writeCheckpoint(folder, tensors);
        writeVocabAndMerges(folder);
        return folder;
    }

    void writeConfig(Path folder, String modelType) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", modelType);
        c.put("architectures", List.of("GPT2LMHeadModel"));
        c.put("n_layer", L);
        c.put("n_head", H);
        c.put("n_embd", D);
        c.put("n_positions", N);
        c.put("n_ctx", N);
        c.put("vocab_size", V);
        c.put("layer_norm_epsilon", 1e-5);
        c.put("n_inner", F == 4 * D ? null : F);
        c.put("activation_function", "gelu_new");
        Files.writeString(folder.resolve("config.json"), new GsonBuilder().serializeNulls().create().toJson(c));
    }

    /** Writes these tensors (HF names, unprefixed) in this layout: prefix, buffers, dtype, shards. */
    void writeCheckpoint(Path folder, Map<String, float[]> values) throws IOException {
        List<SafetensorsWriter> shards = new ArrayList<>(List.of(new SafetensorsWriter()));
        if (layout.sharded()) shards.add(new SafetensorsWriter());
        Map<String, String> weightMap = new LinkedHashMap<>();
        int i = 0;
        for (var e : values.entrySet()) {
            String name = e.getKey().startsWith("lm_head") || !layout.prefix() ? e.getKey() : "transformer." + e.getKey();
            int shard = layout.sharded() && i++ >= values.size() / 2 ? 1 : 0;
            add(shards.get(shard), name, e.getValue(), shapes.get(e.getKey()));
            weightMap.put(name, shardName(shard));
            if (layout.buffers() && e.getKey().endsWith("attn.c_attn.bias")) {
                String base = name.substring(0, name.length() - "c_attn.bias".length());
                float[] tril = new float[N * N];
                for (int r = 0; r < N; r++) for (int c = 0; c <= r; c++) tril[r * N + c] = 1;
                shards.get(shard).add(base + "bias", tril, 1, 1, N, N);
                shards.get(shard).add(base + "masked_bias", new float[]{-1e4f});
                weightMap.put(base + "bias", shardName(shard));
                weightMap.put(base + "masked_bias", shardName(shard));
            }
        }
        if (!layout.sharded()) {
            shards.get(0).metadata("format", "pt").write(folder.resolve("model.safetensors"));
            return;
        }
        for (int s = 0; s < shards.size(); s++) shards.get(s).write(folder.resolve(shardName(s)));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", 0));
        index.put("weight_map", weightMap);
        Files.writeString(folder.resolve("model.safetensors.index.json"), new Gson().toJson(index));
    }

    private String shardName(int s) {
        return layout.sharded() ? "model-0000" + (s + 1) + "-of-00002.safetensors" : "model.safetensors";
    }

    private void add(SafetensorsWriter w, String name, float[] v, long[] shape) {
        switch (layout.dtype()) {
            case "F32" -> w.add(name, v, shape);
            case "F16", "BF16" -> {
                ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : v) b.putShort(HalfFloats.bits(x, layout.dtype()));
                w.addRaw(name, layout.dtype(), b.array(), shape);
            }
            default -> throw new IllegalArgumentException(layout.dtype());
        }
    }

    void writeVocabAndMerges(Path folder) throws IOException {
        Files.writeString(folder.resolve("vocab.json"), new Gson().toJson(vocab));
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String[] p : merges) m.append(p[0]).append(' ').append(p[1]).append('\n');
        Files.writeString(folder.resolve("merges.txt"), m.toString());
    }

    /** tokenizer.json with merges as "a b" strings (pairForm false) or ["a", "b"] pairs (true). */
    void writeTokenizerJson(Path folder, boolean pairForm) throws IOException {
        List<Object> ms = new ArrayList<>();
        for (String[] p : merges) ms.add(pairForm ? List.of(p[0], p[1]) : p[0] + " " + p[1]);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("vocab", vocab);
        model.put("merges", ms);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        // every field as the tokenizers library writes them: it (like transformers) rejects a file without them
        root.put("added_tokens", List.of(Map.of("id", vocab.get("<|endoftext|>"), "content", "<|endoftext|>",
                "special", true, "single_word", false, "lstrip", false, "rstrip", false, "normalized", false)));
        root.put("pre_tokenizer", Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true,
                "use_regex", true));
        root.put("model", model);
        Files.writeString(folder.resolve("tokenizer.json"), new Gson().toJson(root));
    }

    /** Classic BPE training: repeatedly merge the most frequent adjacent pair (ties: alphabetical). */
    static List<String[]> trainMerges(String corpus, int count) {
        Map<List<String>, Integer> words = new LinkedHashMap<>();
        for (String w : corpus.split("(?= )")) {
            List<String> symbols = new ArrayList<>();
            for (byte b : w.getBytes(StandardCharsets.UTF_8)) symbols.add(ByteUnicode.toUnicode(b & 0xFF));
            words.merge(symbols, 1, Integer::sum);
        }
        List<String[]> merges = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            Map<String, Integer> pairs = new LinkedHashMap<>();
            for (var e : words.entrySet())
                for (int i = 0; i + 1 < e.getKey().size(); i++)
                    pairs.merge(e.getKey().get(i) + " " + e.getKey().get(i + 1), e.getValue(), Integer::sum);
            String best = pairs.entrySet().stream()
                    .max((a, b) -> a.getValue().equals(b.getValue()) ? b.getKey().compareTo(a.getKey())
                            : Integer.compare(a.getValue(), b.getValue()))
                    .map(Map.Entry::getKey).orElseThrow();
            String[] p = best.split(" ");
            merges.add(p);
            Map<List<String>, Integer> next = new LinkedHashMap<>();
            for (var e : words.entrySet()) {
                List<String> s = new ArrayList<>();
                List<String> w = e.getKey();
                for (int i = 0; i < w.size(); i++) {
                    if (i + 1 < w.size() && w.get(i).equals(p[0]) && w.get(i + 1).equals(p[1])) {
                        s.add(p[0] + p[1]);
                        i++;
                    } else {
                        s.add(w.get(i));
                    }
                }
                next.merge(s, e.getValue(), Integer::sum);
            }
            words = next;
        }
        return merges;
    }

    /** 256 byte entries in byte order, then one entry per merge, then <|endoftext|>. */
    static Map<String, Integer> vocabulary(List<String[]> merges) {
        Map<String, Integer> v = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) v.put(ByteUnicode.toUnicode(b), v.size());
        for (String[] m : merges) v.putIfAbsent(m[0] + m[1], v.size());
        v.put("<|endoftext|>", v.size());
        return v;
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
