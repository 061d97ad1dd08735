package org.attentionlens.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.SafetensorsWriter;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.attentionlens.train.GptParams.*;

/**
 * A training checkpoint folder in the Hugging Face GPT-2 layout (config.json, model.safetensors, vocab.json,
 * merges.txt) plus what resuming needs: optimizer.safetensors (AdamW moments "m.NAME", "v.NAME") and
 * trainer_state.json (step, settings). Legend: D model width, L layers.
 */
public final class Checkpoint {
    public static final String MODEL = "model.safetensors", OPTIMIZER = "optimizer.safetensors", STATE = "trainer_state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private Checkpoint() {
    }

    /** config.json with GPT-2's keys, and the weights under GPT-2's names, written atomically. */
    static void writeModel(Path dir, GptParams p) throws IOException {
        ModelConfig c = p.config();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("architectures", List.of("GPT2LMHeadModel"));
        cfg.put("model_type", "gpt2");
        cfg.put("n_layer", c.layers());
        cfg.put("n_head", c.heads());
        cfg.put("n_embd", c.dModel());
        cfg.put("n_inner", null);
        cfg.put("n_positions", c.context());
        cfg.put("n_ctx", c.context());
        cfg.put("vocab_size", c.vocabSize());
        cfg.put("layer_norm_epsilon", (double) c.eps());
        cfg.put("activation_function", "gelu_new");
        cfg.put("bos_token_id", c.vocabSize() - 1);
        cfg.put("eos_token_id", c.vocabSize() - 1);
        cfg.put("tie_word_embeddings", true);
        cfg.put("resid_pdrop", 0.0);
        cfg.put("embd_pdrop", 0.0);
        cfg.put("attn_pdrop", 0.0);
        cfg.put("torch_dtype", "float32");
        Files.writeString(dir.resolve("config.json"), new GsonBuilder().setPrettyPrinting().serializeNulls().create()
                .toJson(cfg) + "\n");
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (Param q : p.all()) w.add(q.name(), q.value(), q.shape());
        atomically(dir.resolve(MODEL), w);
    }

    static void writeOptimizer(Path dir, GptParams p, AdamW opt, long step, TrainSettings settings) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        for (int i = 0; i < p.all().size(); i++) {
            Param q = p.all().get(i);
            w.add("m." + q.name(), opt.m[i], q.shape());
            w.add("v." + q.name(), opt.v[i], q.shape());
        }
        atomically(dir.resolve(OPTIMIZER), w);
        JsonObject state = new JsonObject();
        state.addProperty("step", step);
        state.add("settings", GSON.toJsonTree(settings));
        Files.writeString(dir.resolve(STATE), GSON.toJson(state) + "\n");
    }

    private static void atomically(Path file, SafetensorsWriter w) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        w.write(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static long readStep(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve(STATE))).getAsJsonObject().get("step").getAsLong();
    }

    public static TrainSettings readSettings(Path dir) throws IOException {
        JsonObject state = JsonParser.parseString(Files.readString(dir.resolve(STATE))).getAsJsonObject();
        return GSON.fromJson(state.get("settings"), TrainSettings.class);
    }

    /** Overwrites p's values (and the optimizer's moments when opt is not null) from a checkpoint folder. */
    static void restore(Path dir, GptParams p, AdamW opt) throws IOException {
        Map<String, float[]> model = readF32(dir.resolve(MODEL));
        Map<String, float[]> moments = opt == null ? Map.of() : readF32(dir.resolve(OPTIMIZER));
        for (int i = 0; i < p.all().size(); i++) {
            Param q = p.all().get(i);
            copy(model, q.name(), q.value(), dir);
            if (opt != null) {
                copy(moments, "m." + q.name(), opt.m[i], dir);
                copy(moments, "v." + q.name(), opt.v[i], dir);
            }
        }
    }

    private static void copy(Map<String, float[]> tensors, String name, float[] into, Path dir) throws IOException {
        float[] src = tensors.get(name);
        if (src == null || src.length != into.length)
            throw new IOException("checkpoint " + dir + " has no tensor " + name + " of " + into.length
                    + " values: it was written for a different model shape");
        System.arraycopy(src, 0, into, 0, into.length);
    }

    /** The F32 tensors of a .safetensors file this trainer wrote. */
    static Map<String, float[]> readF32(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen <= 0 || 8 + headerLen > all.length) throw new IOException(file + " is not a safetensors file");
        JsonObject header = JsonParser.parseString(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, float[]> out = new HashMap<>();
        for (var e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonObject t = e.getValue().getAsJsonObject();
            if (!t.get("dtype").getAsString().equals("F32")) throw new IOException(e.getKey() + " in " + file + " is not F32");
            long from = t.getAsJsonArray("data_offsets").get(0).getAsLong();
            long to = t.getAsJsonArray("data_offsets").get(1).getAsLong();
            float[] values = new float[(int) ((to - from) / 4)];
            ByteBuffer.wrap(all, (int) (8 + headerLen + from), (int) (to - from)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            out.put(e.getKey(), values);
        }
        return out;
    }

    /** The inference model over copies of p's current values (c_attn split into W_Q, W_K, W_V). */
    static Transformer toTransformer(GptParams p, Kernels kn) {
        ModelConfig c = p.config();
        int D = c.dModel(), F = c.dFF();
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            float[] w = p.layer(l, ATTN_W), b = p.layer(l, ATTN_B); // (D, 3D), (3D)
            float[][] ws = new float[3][D * D], bs = new float[3][D];
            for (int part = 0; part < 3; part++) {
                for (int r = 0; r < D; r++) System.arraycopy(w, r * 3 * D + part * D, ws[part], r * D, D);
                System.arraycopy(b, part * D, bs[part], 0, D);
            }
            layers.add(new LayerWeights(kn.pack(ws[0], D, D), bs[0], kn.pack(ws[1], D, D), bs[1],
                    kn.pack(ws[2], D, D), bs[2], kn.pack(p.layer(l, PROJ_W), D, D), p.layer(l, PROJ_B).clone(),
                    new Norm(p.layer(l, LN1_G).clone(), p.layer(l, LN1_B).clone()),
                    kn.pack(p.layer(l, FC_W), D, F), p.layer(l, FC_B).clone(), kn.pack(p.layer(l, FC2_W), F, D),
                    p.layer(l, FC2_B).clone(), new Norm(p.layer(l, LN2_G).clone(), p.layer(l, LN2_B).clone())));
        }
        ModelWeights mw = new ModelWeights(p.value(WTE).clone(), p.value(WPE).clone(), null, null, layers,
                new Norm(p.value(p.lnfGamma()).clone(), p.value(p.lnfBeta()).clone()), null);
        return new Transformer(c, mw, kn);
    }
}
