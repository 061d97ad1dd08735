package org.attentionlens.families;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case: the folder is written in its layout and dtype, and the reference's attention is well-formed —
 * rows sum to 1, masked cells are exactly 0, visible cells are not, and each row sees exactly what its layer's mask
 * allows (all keys for encoders, keys 0…i for causal layers, the last `window` keys for sliding layers). The
 * expected windows are stated here, from the cases' definitions, not read back through the reference's config code.
 */
class FamilyYardstickTest {
    /** Sliding window per layer (0 = full causal) for the cases that slide. */
    private static final Map<String, int[]> WINDOWS = Map.of(
            "mistral-sliding", new int[]{8, 8},
            "mistral-sliding-5x", new int[]{12, 12},
            "qwen2-sliding-4x", new int[]{0, 6},
            "qwen2-sliding-5x", new int[]{6, 0},
            "gemma2-4x", new int[]{6, 0},
            "gemma2-5x", new int[]{0, 6},
            "gemma3-4x", new int[]{6, 0},
            "gemma3-5x", new int[]{6, 0},
            "phi3-partial-sliding", new int[]{8, 8});

    @TempDir
    Path tmp;

    static List<String> names() {
        return FamilyCases.all().stream().map(FamilyCase::name).toList();
    }

    @ParameterizedTest
    @MethodSource("names")
    void attentionIsWellFormed(String name) throws Exception {
        FamilyCase c = FamilyCases.named(name);
        FamilyCheckpoint ckpt = FamilyCheckpoint.write(c, tmp.resolve(name));
        int[] ids = c.ids();
        Reference r = ReferenceForward.run(ckpt, ids);
        int t = ids.length;
        assertEquals(tmp.resolve(name), ckpt.dir());
        assertEquals(c, ckpt.fcase());
        assertEquals(c.layers(), ckpt.layers());
        assertEquals(c.heads(), ckpt.heads());
        assertEquals(c.kvHeads(), ckpt.kvHeads());
        assertEquals(c.vocab(), ckpt.vocabSize());
        assertEquals(c.layers(), r.attentions().length);
        assertEquals(c.hidden(), r.hiddenLast().length);
        assertEquals(t, r.hidden().length);
        assertArrayEquals(r.hidden()[t - 1], r.hiddenLast());
        if (ckpt.causal()) assertEquals(c.vocab(), r.logitsLast().length);
        else assertNull(r.logitsLast());
        int[] windows = WINDOWS.getOrDefault(name, new int[c.layers()]);
        for (int l = 0; l < c.layers(); l++) {
            assertEquals(c.heads(), r.attentions()[l].length);
            for (int h = 0; h < c.heads(); h++) {
                for (int i = 0; i < t; i++) {
                    double[] row = r.attentions()[l][h][i];
                    assertEquals(t, row.length);
                    int first = !ckpt.causal() ? 0 : windows[l] > 0 ? Math.max(0, i - windows[l] + 1) : 0;
                    int last = ckpt.causal() ? i : t - 1;
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        boolean visible = j >= first && j <= last;
                        if (visible != row[j] > 0 || !visible && Double.doubleToRawLongBits(row[j]) != 0) {
                            fail(name + " layer " + l + " head " + h + " row " + i + " key " + j + ": "
                                    + (visible ? "should be visible" : "should be masked exactly") + ", is " + row[j]);
                        }
                        sum += row[j];
                    }
                    assertEquals(1.0, sum, 1e-12, name + " row sum");
                }
            }
        }
        for (double v : r.hiddenLast()) assertTrue(Double.isFinite(v));
        if (r.logitsLast() != null) for (double v : r.logitsLast()) assertTrue(Double.isFinite(v));
    }

    /** The folder holds what save_pretrained writes for the case's layout, dtype and sharding. */
    @ParameterizedTest
    @MethodSource("names")
    void folderIsInTheCaseLayout(String name) throws Exception {
        FamilyCase c = FamilyCases.named(name);
        Path dir = tmp.resolve(name);
        FamilyCheckpoint ckpt = FamilyCheckpoint.write(c, dir);
        JsonObject config = ckpt.config();
        assertEquals(c.modelType(), config.get("model_type").getAsString());
        if (c.v5()) {
            for (String old : new String[]{"torch_dtype", "rope_scaling", "rope_theta", "rotary_pct", "rope_local_base_freq"}) {
                assertFalse(config.has(old), name + " (5.x) has " + old);
            }
            assertTrue(config.has("dtype"));
            if (ckpt.causal() && !c.modelType().equals("gpt2")) assertTrue(config.has("rope_parameters"), name);
        } else {
            for (String v5 : new String[]{"dtype", "rope_parameters", "layer_types"}) assertFalse(config.has(v5), name + " (4.x) has " + v5);
            assertTrue(config.has("torch_dtype"));
        }
        assertEquals(ckpt.causal(), Files.exists(dir.resolve("generation_config.json")), name + " generation_config.json");
        Set<String> headerDtypes = new HashSet<>();
        List<Path> files = c.sharded()
                ? List.of(dir.resolve("model-00001-of-00002.safetensors"), dir.resolve("model-00002-of-00002.safetensors"))
                : List.of(dir.resolve("model.safetensors"));
        long bytes = 0;
        for (Path f : files) {
            JsonObject header = header(f);
            assertEquals("pt", header.getAsJsonObject("__metadata__").get("format").getAsString());
            header.entrySet().stream().filter(e -> !e.getKey().equals("__metadata__"))
                    .forEach(e -> headerDtypes.add(e.getValue().getAsJsonObject().get("dtype").getAsString()));
            bytes += Files.size(f) - 8 - ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
        assertEquals(Set.of(c.dtype()), headerDtypes);
        assertEquals(c.sharded(), Files.exists(dir.resolve("model.safetensors.index.json")));
        assertEquals(!c.sharded(), Files.exists(dir.resolve("model.safetensors")));
        if (c.sharded()) {
            JsonObject index = JsonParser.parseString(Files.readString(dir.resolve("model.safetensors.index.json"))).getAsJsonObject();
            assertEquals(bytes, index.getAsJsonObject("metadata").get("total_size").getAsLong());
            assertEquals(ckpt.tensors().keySet(), index.getAsJsonObject("weight_map").keySet());
        }
        for (var e : ckpt.tensors().entrySet()) {
            for (double v : e.getValue()) assertEquals(v, StoredPrecision.round(v, c.dtype()), name + " " + e.getKey() + " not a " + c.dtype() + " value");
        }
        boolean tied = !config.has("tie_word_embeddings") || config.get("tie_word_embeddings").getAsBoolean();  // HF default: tied
        assertEquals(tied, !ckpt.tensors().containsKey("lm_head.weight") && !ckpt.tensors().containsKey("embed_out.weight"),
                name + ": an untied head is saved, a tied one is not");
    }

    private static JsonObject header(Path f) throws Exception {
        byte[] all = Files.readAllBytes(f);
        int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JsonParser.parseString(new String(all, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** BF16 and F16 are rounded copies of the same draws: the reference sees the rounded values, not the F32 ones. */
    @Test
    void halfPrecisionCasesStoreRoundedValues() throws Exception {
        FamilyCase f32 = FamilyCases.named("gpt2");
        for (String dtype : new String[]{"BF16", "F16"}) {
            FamilyCase half = new FamilyCase(f32.name() + dtype, "gpt2", f32.configLayout(), dtype, false, f32.seed(),
                    f32.hidden(), f32.layers(), f32.heads(), f32.kvHeads(), f32.headDim(), f32.intermediate(), f32.vocab(),
                    f32.maxPositions(), f32.testLength(), f32.options());
            FamilyCheckpoint a = FamilyCheckpoint.write(f32, tmp.resolve("f32" + dtype)), b = FamilyCheckpoint.write(half, tmp.resolve(dtype));
            double[] x = a.tensors().get("transformer.wte.weight"), y = b.tensors().get("transformer.wte.weight");
            int changed = 0;
            for (int i = 0; i < x.length; i++) {
                assertEquals(StoredPrecision.round(x[i], dtype), y[i]);
                if (x[i] != y[i]) changed++;
            }
            assertTrue(changed > x.length / 2, dtype + " rounding changed only " + changed + " values");
            assertNotNull(ReferenceForward.run(b, half.ids()).logitsLast());
        }
        assertEquals(6.9375, StoredPrecision.round(Math.sqrt(48), "BF16"));   // Gemma's normalizer in bfloat16
        assertEquals(6.9296875, StoredPrecision.round(Math.sqrt(48), "F16"));
        assertEquals(5.960464477539063E-8, StoredPrecision.round(6e-8, "F16"));  // the smallest F16 subnormal
    }
}
