package org.attentionlens.io;

import com.google.gson.stream.JsonWriter;
import org.attentionlens.analysis.AttentionRollout;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a whole capture for scripts: the JSON layout of the CLI's {@code export} (a contract) and the same
 * tensors as NumPy files. The CLI and the app both call this. Heads are streamed one at a time, so memory
 * stays linear in T even where the file is not. Every file is written whole or not at all ({@link AtomicWrite}).
 * Legend: L layers, H heads, T tokens, V vocabulary.
 * <pre>
 * { "model": {"id", "architecture", "layers", "heads", "d_model", "d_head", "vocab_size", "context", "causal"},
 *   "tokens": [..], "ids": [..],
 *   "layers": [ { "heads": [ { "scores": [[..]], "weights": [[..]], "value_norms": [[..]] } ] } ],
 *   "logits_last": [..],           scores[i][j] = q_i·k_j/√Dh, null where masked; logits only when causal
 *   "rollout": [[..]] }            Â_L ⋯ Â_1, Â_l = row-normalised(0.5 · mean over heads of A_l + 0.5 · I)
 * </pre>
 */
public final class TraceExport {
    private TraceExport() {
    }

    public static void writeJson(AttentionTrace trace, Tokenizer tokenizer, Path file) throws IOException {
        AtomicWrite.write(file, out -> {
            try (JsonWriter json = new JsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                json(trace, tokenizer, json);
            }
        });
    }

    private static void json(AttentionTrace trace, Tokenizer tokenizer, JsonWriter json) throws IOException {
        ModelSpec c = trace.config();
        int T = trace.length();
        json.beginObject();
        json.name("model").beginObject()
                .name("id").value(c.id())
                .name("architecture").value(c.family())
                .name("layers").value(c.layers())
                .name("heads").value(c.heads())
                .name("kv_heads").value(c.kvHeads())
                .name("d_model").value(c.dModel())
                .name("d_head").value(c.dHead())
                .name("vocab_size").value(c.vocabSize())
                .name("context").value(c.context())
                .name("causal").value(c.causal())
                .endObject();
        tokens(json.name("tokens"), trace, tokenizer);
        json.name("ids").beginArray();
        for (int id : trace.tokens().ids()) json.value(id);
        json.endArray();
        json.name("layers").beginArray();
        for (int l = 0; l < c.layers(); l++) {
            json.beginObject().name("heads").beginArray();
            for (int h = 0; h < c.heads(); h++) {
                HeadMatrices m = trace.head(l, h);
                json.beginObject();
                matrix(json.name("scores"), m, m.scores(), true);
                matrix(json.name("weights"), m, m.weights(), false);
                matrix(json.name("value_norms"), m, m.contributions(), false);
                json.endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        float[] logits = trace.logitsLast();
        if (logits != null) {
            json.name("logits_last").beginArray();
            for (float x : logits) number(json, x);
            json.endArray();
        }
        float[] rollout = rollout(trace);
        json.name("rollout").beginArray();
        for (int i = 0; i < T; i++) {
            json.beginArray();
            for (int j = 0; j < T; j++) number(json, rollout[i * T + j]);
            json.endArray();
        }
        json.endArray();
        json.endObject();
    }

    /** The tokens as the tokenizer spells them (" cat", not the display form "␣cat"). */
    private static void tokens(JsonWriter json, AttentionTrace trace, Tokenizer tokenizer) throws IOException {
        json.beginArray();
        for (int id : trace.tokens().ids()) json.value(tokenizer.tokenString(id));
        json.endArray();
    }

    private static void matrix(JsonWriter json, HeadMatrices m, float[] values, boolean nullMasked) throws IOException {
        int T = m.T();
        json.beginArray();
        for (int i = 0; i < T; i++) {
            json.beginArray();
            for (int j = 0; j < T; j++) {
                if (nullMasked && m.masked(i, j)) json.nullValue();
                else number(json, values[i * T + j]);
            }
            json.endArray();
        }
        json.endArray();
    }

    /** Shortest decimal that reads back as the same float32 (not the double's long expansion). */
    private static void number(JsonWriter json, float x) throws IOException {
        if (Float.isFinite(x)) json.jsonValue(Float.toString(x));
        else json.nullValue();
    }

    /**
     * As {@link #writeNpy(AttentionTrace, Path)}, plus tokens.json: the tokens as the JSON export spells them (a
     * list of T strings), so the arrays can be labelled ({@code json.load(open("tokens.json"))}).
     */
    public static void writeNpy(AttentionTrace trace, Tokenizer tokenizer, Path dir) throws IOException {
        writeNpy(trace, dir);
        AtomicWrite.write(dir.resolve("tokens.json"), out -> {
            try (JsonWriter json = new JsonWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                tokens(json, trace, tokenizer);
            }
        });
    }

    /**
     * ids.npy (T) int32; scores.npy, weights.npy, value_norms.npy (L, H, T, T) float32 with NaN where a score is
     * masked; logits_last.npy (V) for causal models; rollout.npy (T, T).
     */
    public static void writeNpy(AttentionTrace trace, Path dir) throws IOException {
        AtomicWrite.folder(dir);
        ModelSpec c = trace.config();
        int T = trace.length(), L = c.layers(), H = c.heads();
        try (NpyWriter ids = NpyWriter.int32(dir.resolve("ids.npy"), T)) {
            for (int id : trace.tokens().ids()) ids.write(id);
        }
        try (NpyWriter scores = NpyWriter.float32(dir.resolve("scores.npy"), L, H, T, T);
             NpyWriter weights = NpyWriter.float32(dir.resolve("weights.npy"), L, H, T, T);
             NpyWriter norms = NpyWriter.float32(dir.resolve("value_norms.npy"), L, H, T, T)) {
            for (int l = 0; l < L; l++)
                for (int h = 0; h < H; h++) {
                    HeadMatrices m = trace.head(l, h);
                    for (int i = 0; i < T; i++)
                        for (int j = 0; j < T; j++) {
                            scores.write(m.masked(i, j) ? Float.NaN : m.score(i, j));
                            weights.write(m.weight(i, j));
                            norms.write(m.contribution(i, j));
                        }
                }
        }
        float[] logits = trace.logitsLast();
        if (logits != null)
            try (NpyWriter out = NpyWriter.float32(dir.resolve("logits_last.npy"), logits.length)) {
                for (float x : logits) out.write(x);
            }
        try (NpyWriter out = NpyWriter.float32(dir.resolve("rollout.npy"), T, T)) {
            for (float x : rollout(trace)) out.write(x);
        }
    }

    /** (T, T) attention rollout through every layer (Abnar &amp; Zuidema 2020). */
    private static float[] rollout(AttentionTrace trace) {
        return AttentionRollout.of(trace).upTo(trace.config().layers() - 1);
    }
}
