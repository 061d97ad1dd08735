package org.attentionlens.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.SafetensorsFile;
import org.attentionlens.io.SafetensorsWriter;
import org.attentionlens.model.ModelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.attentionlens.train.GptParams.Param;

/**
 * A training checkpoint folder in the Hugging Face GPT-2 layout (config.json, model.safetensors, vocab.json,
 * merges.txt) plus what resuming needs: optimizer.safetensors (AdamW moments "m.NAME", "v.NAME") and
 * trainer_state.json (step, settings). Legend: D model width, L layers.
 */
public final class Checkpoint {
    public static final String MODEL = "model.safetensors", OPTIMIZER = "optimizer.safetensors", STATE = "trainer_state.json";
    private static final com.google.gson.Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private Checkpoint() {
    }

    /** config.json with GPT-2's keys, and the weights under GPT-2's names, written atomically. */
    static void writeModel(Path dir, GptParams p) throws IOException {
        ModelSpec c = p.config();
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
        try (SafetensorsFile model = SafetensorsFile.open(dir.resolve(MODEL));
             SafetensorsFile moments = opt == null ? null : SafetensorsFile.open(dir.resolve(OPTIMIZER))) {
            for (int i = 0; i < p.all().size(); i++) {
                Param q = p.all().get(i);
                copy(model, q.name(), q.value());
                if (opt != null) {
                    copy(moments, "m." + q.name(), opt.m[i]);
                    copy(moments, "v." + q.name(), opt.v[i]);
                }
            }
        } catch (ModelLoadException e) {
            throw new IOException("cannot resume from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void copy(SafetensorsFile file, String name, float[] into) throws ModelLoadException {
        if (!file.has(name) || file.info(name).elements() != into.length)
            throw new ModelLoadException(file.fileName() + " has no tensor " + name + " of " + into.length
                    + " values: it was written for a different model shape");
        System.arraycopy(file.floats(name), 0, into, 0, into.length);
    }
}
