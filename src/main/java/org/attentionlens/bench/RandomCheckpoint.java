package org.attentionlens.bench;

import com.google.gson.Gson;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tensor.DType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a random model of a benchmark's shapes as a Hugging Face folder (config.json + model.safetensors), so the
 * loader is timed on a real file of the real size without a download: GPT-2 layout for GPT-2 specs, Llama layout
 * for the others. Tensors are streamed to disk one at a time (a 2.5 GB file needs no 2.5 GB buffer). The values
 * are a cheap hash, uniform in ±0.035: the loader's speed does not depend on them. Legend as in {@link ModelSpec}.
 */
public final class RandomCheckpoint {
    private record Tensor(String name, long[] shape) {
        long elements() {
            long n = 1;
            for (long s : shape) n *= s;
            return n;
        }
    }

    private RandomCheckpoint() {
    }

    /** Writes the folder and returns it. */
    public static Path write(ModelSpec c, DType dtype, Path folder) throws IOException {
        Files.createDirectories(folder);
        boolean gpt2 = c.family().equals("gpt2");
        Files.writeString(folder.resolve("config.json"), new Gson().toJson(gpt2 ? gpt2Config(c) : llamaConfig(c, dtype)));
        write(gpt2 ? gpt2Tensors(c) : llamaTensors(c), dtype, folder.resolve("model.safetensors"));
        return folder;
    }

    private static Map<String, Object> gpt2Config(ModelSpec c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model_type", "gpt2");
        o.put("n_layer", c.layers());
        o.put("n_head", c.heads());
        o.put("n_embd", c.dModel());
        o.put("n_positions", c.context());
        o.put("vocab_size", c.vocabSize());
        return o;
    }

    private static Map<String, Object> llamaConfig(ModelSpec c, DType dtype) {
        var rope = c.attention().rope(0);
        Map<String, Object> scaling = new LinkedHashMap<>();
        scaling.put("rope_type", rope.scaling());
        scaling.put("factor", rope.factor());
        scaling.put("low_freq_factor", 1.0);
        scaling.put("high_freq_factor", 4.0);
        scaling.put("original_max_position_embeddings", rope.originalContext());
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model_type", "llama");
        o.put("hidden_size", c.dModel());
        o.put("intermediate_size", c.dFF());
        o.put("num_hidden_layers", c.layers());
        o.put("num_attention_heads", c.heads());
        o.put("num_key_value_heads", c.kvHeads());
        o.put("head_dim", c.dHead());
        o.put("max_position_embeddings", c.context());
        o.put("rms_norm_eps", c.eps());
        o.put("rope_theta", rope.theta());
        o.put("rope_scaling", scaling);
        o.put("tie_word_embeddings", c.lmHead() == ModelSpec.LmHead.TIED);
        o.put("vocab_size", c.vocabSize());
        o.put("torch_dtype", dtype == DType.BF16 ? "bfloat16" : dtype == DType.F16 ? "float16" : "float32");
        return o;
    }

    private static List<Tensor> gpt2Tensors(ModelSpec c) {
        int D = c.dModel(), F = c.dFF();
        List<Tensor> t = new ArrayList<>(List.of(new Tensor("wte.weight", new long[]{c.vocabSize(), D}),
                new Tensor("wpe.weight", new long[]{c.context(), D})));
        for (int l = 0; l < c.layers(); l++) {
            String p = "h." + l + ".";
            t.addAll(List.of(new Tensor(p + "ln_1.weight", new long[]{D}), new Tensor(p + "ln_1.bias", new long[]{D}),
                    new Tensor(p + "attn.c_attn.weight", new long[]{D, 3L * D}), new Tensor(p + "attn.c_attn.bias", new long[]{3L * D}),
                    new Tensor(p + "attn.c_proj.weight", new long[]{D, D}), new Tensor(p + "attn.c_proj.bias", new long[]{D}),
                    new Tensor(p + "ln_2.weight", new long[]{D}), new Tensor(p + "ln_2.bias", new long[]{D}),
                    new Tensor(p + "mlp.c_fc.weight", new long[]{D, F}), new Tensor(p + "mlp.c_fc.bias", new long[]{F}),
                    new Tensor(p + "mlp.c_proj.weight", new long[]{F, D}), new Tensor(p + "mlp.c_proj.bias", new long[]{D})));
        }
        t.add(new Tensor("ln_f.weight", new long[]{D}));
        t.add(new Tensor("ln_f.bias", new long[]{D}));
        return t;
    }

    private static List<Tensor> llamaTensors(ModelSpec c) {
        int D = c.dModel(), F = c.dFF(), Q = c.qWidth(), KV = c.kvWidth();
        List<Tensor> t = new ArrayList<>(List.of(new Tensor("model.embed_tokens.weight", new long[]{c.vocabSize(), D})));
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            t.addAll(List.of(new Tensor(p + "input_layernorm.weight", new long[]{D}),
                    new Tensor(p + "self_attn.q_proj.weight", new long[]{Q, D}),
                    new Tensor(p + "self_attn.k_proj.weight", new long[]{KV, D}),
                    new Tensor(p + "self_attn.v_proj.weight", new long[]{KV, D}),
                    new Tensor(p + "self_attn.o_proj.weight", new long[]{D, Q}),
                    new Tensor(p + "post_attention_layernorm.weight", new long[]{D}),
                    new Tensor(p + "mlp.gate_proj.weight", new long[]{F, D}),
                    new Tensor(p + "mlp.up_proj.weight", new long[]{F, D}),
                    new Tensor(p + "mlp.down_proj.weight", new long[]{D, F})));
        }
        t.add(new Tensor("model.norm.weight", new long[]{D}));
        if (c.lmHead() == ModelSpec.LmHead.SEPARATE) t.add(new Tensor("lm_head.weight", new long[]{c.vocabSize(), D}));
        return t;
    }

    /** The safetensors header, then each tensor's values streamed in chunks. */
    private static void write(List<Tensor> tensors, DType dtype, Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Tensor t : tensors) {
            long bytes = t.elements() * dtype.bytes();
            header.put(t.name(), Map.of("dtype", dtype.name(), "shape", t.shape(), "data_offsets", new long[]{offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).put(json);
            while (head.hasRemaining()) head.put((byte) ' ');
            writeFully(ch, head.flip());
            ByteBuffer chunk = ByteBuffer.allocate(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
            long i = 0;
            for (Tensor t : tensors)
                for (long e = 0; e < t.elements(); e++, i++) {
                    float x = (float) (((mix(i) >>> 11) * 0x1p-53 - 0.5) * 0.07);
                    if (t.name().contains("norm") || t.name().contains("ln_")) x += 1f; // norm scales near 1
                    if (dtype == DType.F32) chunk.putFloat(x);
                    else chunk.putShort(dtype.narrow(x));
                    if (!chunk.hasRemaining()) writeFully(ch, chunk.flip()).clear();
                }
            writeFully(ch, chunk.flip());
        }
    }

    private static ByteBuffer writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
        return b;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
