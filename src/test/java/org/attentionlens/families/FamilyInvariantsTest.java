package org.attentionlens.families;

import org.attentionlens.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariants that catch layout and definition mistakes in the yardstick itself: one family's checkpoint rewritten
 * as another family's (fused weights split, Conv1D transposed, heads de-interleaved, positions shifted, norms folded)
 * must give the same forward pass, and a head permutation must permute the attention maps and nothing else.
 */
class FamilyInvariantsTest {
    @TempDir
    Path tmp;

    /** The same draws under another name, family, layout or dimensions. */
    private static FamilyCase variant(FamilyCase c, String type, String layout, int maxPositions, Object... options) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) o.put((String) options[i], options[i + 1]);
        return new FamilyCase(c.name() + "-as-" + type, type, layout, "F32", false, c.seed(), c.hidden(), c.layers(),
                c.heads(), c.kvHeads(), c.headDim(), c.intermediate(), c.vocab(), maxPositions, c.testLength(), o);
    }

    /** Writes the variant's config, then replaces its weights with the given F32 tensors. */
    private FamilyCheckpoint rewritten(FamilyCase c, Map<String, double[]> tensors, Map<String, long[]> shapes) throws IOException {
        Path dir = tmp.resolve(c.name());
        FamilyCheckpoint.write(c, dir);
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (var e : tensors.entrySet()) {
            float[] f = new float[e.getValue().length];
            for (int i = 0; i < f.length; i++) f[i] = (float) e.getValue()[i];
            w.add(e.getKey(), f, shapes.get(e.getKey()));
        }
        w.write(dir.resolve("model.safetensors"));
        return FamilyCheckpoint.open(dir);
    }

    private static void assertSame(Reference a, Reference b, double tolerance, String label) {
        for (int l = 0; l < a.attentions().length; l++) {
            for (int h = 0; h < a.attentions()[l].length; h++) {
                for (int i = 0; i < a.attentions()[l][h].length; i++) {
                    for (int j = 0; j < a.attentions()[l][h][i].length; j++) {
                        double x = a.attentions()[l][h][i][j], y = b.attentions()[l][h][i][j];
                        if (Math.abs(x - y) > tolerance) {
                            throw new AssertionError(label + ": attention " + l + "/" + h + "/" + i + "/" + j + " " + x + " vs " + y);
                        }
                    }
                }
            }
        }
        assertClose(a.hiddenLast(), b.hiddenLast(), tolerance, label + " hidden");
        if (a.logitsLast() != null) assertClose(a.logitsLast(), b.logitsLast(), tolerance, label + " logits");
    }

    private static void assertClose(double[] a, double[] b, double tolerance, String label) {
        assertEquals(a.length, b.length, label);
        double scale = 1;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], tolerance * scale, label + " [" + i + "]");
    }

    /** Gemma's (1 + w) with w = 0 is a plain RMSNorm of scale 1: Gemma = Llama with sqrt(D) folded into the embeddings. */
    @Test
    void gemmaWithZeroNormWeightsIsLlamaWithUnitNormsAndScaledEmbeddings() throws Exception {
        FamilyCase g = FamilyCases.named("gemma-zero-norms");
        FamilyCheckpoint gemma = FamilyCheckpoint.write(g, tmp.resolve(g.name()));
        Map<String, double[]> t = new LinkedHashMap<>();
        gemma.tensors().forEach((name, v) -> {
            if (!name.endsWith("norm.weight")) t.put(name, v);
            else {
                double[] ones = new double[v.length];
                for (int i = 0; i < v.length; i++) ones[i] = 1 + v[i];
                t.put(name, ones);
            }
        });
        double[] embed = gemma.tensors().get("model.embed_tokens.weight"), scaled = new double[embed.length];
        double normalizer = (float) Math.sqrt(g.hidden());  // torch.tensor(sqrt(D), dtype=float32)
        for (int i = 0; i < embed.length; i++) scaled[i] = embed[i] * normalizer;
        t.put("model.embed_tokens.weight", scaled);
        t.put("lm_head.weight", embed);
        Map<String, long[]> shapes = new LinkedHashMap<>(gemma.shapes());
        shapes.put("lm_head.weight", gemma.shapes().get("model.embed_tokens.weight"));
        FamilyCheckpoint llama = rewritten(variant(g, "llama", "5.x", g.maxPositions(), "hidden_act", "gelu_pytorch_tanh"), t, shapes);
        // the scaled embeddings are stored in float32: agreement to float32 rounding
        assertSame(ReferenceForward.run(gemma, g.ids()), ReferenceForward.run(llama, g.ids()), 1e-5, "gemma vs llama");
    }

    /** Phi-3 = Llama once qkv_proj is split into q | k | v rows and gate_up_proj into gate | up rows. */
    @Test
    void phi3IsLlamaWithItsFusedWeightsSplit() throws Exception {
        FamilyCase p = FamilyCases.named("phi3");
        FamilyCheckpoint phi = FamilyCheckpoint.write(p, tmp.resolve(p.name()));
        int d = p.hidden(), q = p.heads() * p.headDim(), kv = p.kvHeads() * p.headDim(), f = p.intermediate();
        Map<String, double[]> t = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        phi.tensors().forEach((name, v) -> {
            if (name.endsWith("qkv_proj.weight")) {
                String a = name.replace("qkv_proj.weight", "");
                put(t, shapes, a + "q_proj.weight", RefMath.rows(v, d, 0, q), q, d);
                put(t, shapes, a + "k_proj.weight", RefMath.rows(v, d, q, kv), kv, d);
                put(t, shapes, a + "v_proj.weight", RefMath.rows(v, d, q + kv, kv), kv, d);
            } else if (name.endsWith("gate_up_proj.weight")) {
                String m = name.replace("gate_up_proj.weight", "");
                put(t, shapes, m + "gate_proj.weight", RefMath.rows(v, d, 0, f), f, d);
                put(t, shapes, m + "up_proj.weight", RefMath.rows(v, d, f, f), f, d);
            } else {
                put(t, shapes, name, v, phi.shapes().get(name));
            }
        });
        FamilyCheckpoint llama = rewritten(variant(p, "llama", "5.x", p.maxPositions(), "rms_norm_eps", 1e-5), t, shapes);
        assertSame(ReferenceForward.run(phi, p.ids()), ReferenceForward.run(llama, p.ids()), 1e-12, "phi3 vs llama");
    }

    private static void put(Map<String, double[]> t, Map<String, long[]> shapes, String name, double[] v, long... shape) {
        t.put(name, v);
        shapes.put(name, shape);
    }

    /**
     * GPT-NeoX's query_key_value is grouped per head (H, 3, E). Moving whole 3E-row head blocks (and dense's matching
     * input columns) permutes the heads' attention maps and leaves the output alone; read as q | k | v blocks of D
     * rows instead, the same move would mix queries, keys and values and change the logits.
     */
    @Test
    void neoxHeadBlocksPermuteAsWholes() throws Exception {
        for (String name : List.of("neox-parallel", "neox-sequential")) {
            FamilyCase c = FamilyCases.named(name);
            FamilyCheckpoint neox = FamilyCheckpoint.write(c, tmp.resolve(name));
            int d = c.hidden(), e = d / c.heads();
            int[] perm = {2, 0, 3, 1};  // new head h is old head perm[h]
            Map<String, double[]> t = new LinkedHashMap<>(neox.tensors());
            for (int l = 0; l < c.layers(); l++) {
                String p = "gpt_neox.layers." + l + ".attention.";
                double[] w = t.get(p + "query_key_value.weight"), b = t.get(p + "query_key_value.bias"), o = t.get(p + "dense.weight");
                double[] w2 = new double[w.length], b2 = new double[b.length], o2 = new double[o.length];
                for (int h = 0; h < c.heads(); h++) {
                    System.arraycopy(w, perm[h] * 3 * e * d, w2, h * 3 * e * d, 3 * e * d);
                    System.arraycopy(b, perm[h] * 3 * e, b2, h * 3 * e, 3 * e);
                    for (int row = 0; row < d; row++) System.arraycopy(o, row * d + perm[h] * e, o2, row * d + h * e, e);
                }
                t.put(p + "query_key_value.weight", w2);
                t.put(p + "query_key_value.bias", b2);
                t.put(p + "dense.weight", o2);
            }
            FamilyCheckpoint permuted = rewritten(variant(c, "gpt_neox", c.configLayout(), c.maxPositions(),
                    "rotary_pct", c.num("rotary_pct", 0.25), "use_parallel_residual", c.flag("use_parallel_residual")), t, neox.shapes());
            Reference a = ReferenceForward.run(neox, c.ids()), b = ReferenceForward.run(permuted, c.ids());
            assertClose(a.logitsLast(), b.logitsLast(), 1e-12, name + " logits");
            for (int l = 0; l < c.layers(); l++) {
                for (int h = 0; h < c.heads(); h++) {
                    for (int i = 0; i < c.testLength(); i++) {
                        assertClose(a.attentions()[l][perm[h]][i], b.attentions()[l][h][i], 1e-12, name + " head " + h);
                    }
                }
            }
        }
    }

    /**
     * GPT-2 with wpe = 0 is GPT-NeoX with no rotary dims, sequential residual, gelu_new and embed_out = embed_in:
     * GPT-2's Conv1D (in, out) weights transposed, and its q | k | v column blocks regrouped per head.
     */
    @Test
    void gpt2WithoutPositionsIsNeoxWithoutRotary() throws Exception {
        FamilyCase c = FamilyCases.named("gpt2");
        FamilyCheckpoint written = FamilyCheckpoint.write(c, tmp.resolve("gpt2-written"));
        int d = c.hidden(), e = d / c.heads(), f = 4 * d;
        Map<String, double[]> g = new LinkedHashMap<>(written.tensors());
        g.put("transformer.wpe.weight", new double[g.get("transformer.wpe.weight").length]);
        FamilyCheckpoint gpt2 = rewritten(variant(c, "gpt2", c.configLayout(), c.maxPositions()), g, written.shapes());
        Map<String, double[]> t = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        put(t, shapes, "gpt_neox.embed_in.weight", g.get("transformer.wte.weight"), c.vocab(), d);
        put(t, shapes, "embed_out.weight", g.get("transformer.wte.weight"), c.vocab(), d);
        put(t, shapes, "gpt_neox.final_layer_norm.weight", g.get("transformer.ln_f.weight"), d);
        put(t, shapes, "gpt_neox.final_layer_norm.bias", g.get("transformer.ln_f.bias"), d);
        for (int l = 0; l < c.layers(); l++) {
            String s = "transformer.h." + l + ".", p = "gpt_neox.layers." + l + ".";
            double[] qkv = RefMath.transpose(g.get(s + "attn.c_attn.weight"), d, 3 * d), bias = g.get(s + "attn.c_attn.bias");
            double[] w = new double[3 * d * d], b = new double[3 * d];
            for (int h = 0; h < c.heads(); h++) {
                for (int part = 0; part < 3; part++) {
                    System.arraycopy(qkv, (part * d + h * e) * d, w, (h * 3 * e + part * e) * d, e * d);
                    System.arraycopy(bias, part * d + h * e, b, h * 3 * e + part * e, e);
                }
            }
            put(t, shapes, p + "attention.query_key_value.weight", w, 3 * d, d);
            put(t, shapes, p + "attention.query_key_value.bias", b, 3 * d);
            put(t, shapes, p + "attention.dense.weight", RefMath.transpose(g.get(s + "attn.c_proj.weight"), d, d), d, d);
            put(t, shapes, p + "attention.dense.bias", g.get(s + "attn.c_proj.bias"), d);
            put(t, shapes, p + "mlp.dense_h_to_4h.weight", RefMath.transpose(g.get(s + "mlp.c_fc.weight"), d, f), f, d);
            put(t, shapes, p + "mlp.dense_h_to_4h.bias", g.get(s + "mlp.c_fc.bias"), f);
            put(t, shapes, p + "mlp.dense_4h_to_h.weight", RefMath.transpose(g.get(s + "mlp.c_proj.weight"), f, d), d, f);
            put(t, shapes, p + "mlp.dense_4h_to_h.bias", g.get(s + "mlp.c_proj.bias"), d);
            for (String[] n : new String[][]{{"ln_1", "input_layernorm"}, {"ln_2", "post_attention_layernorm"}}) {
                put(t, shapes, p + n[1] + ".weight", g.get(s + n[0] + ".weight"), d);
                put(t, shapes, p + n[1] + ".bias", g.get(s + n[0] + ".bias"), d);
            }
        }
        FamilyCase neoxCase = new FamilyCase("gpt2-as-neox", "gpt_neox", "4.x", "F32", false, c.seed(), d, c.layers(),
                c.heads(), c.heads(), e, f, c.vocab(), c.maxPositions(), c.testLength(),
                Map.of("rotary_pct", 0.0, "use_parallel_residual", false, "hidden_act", "gelu_new"));
        FamilyCheckpoint neox = rewritten(neoxCase, t, shapes);
        assertSame(ReferenceForward.run(gpt2, c.ids()), ReferenceForward.run(neox, c.ids()), 1e-12, "gpt2 vs neox");
    }

    /** RoBERTa = BERT whose position table is RoBERTa's shifted by padding_idx + 1 = 2 rows, with token type row 0. */
    @Test
    void robertaIsBertWithPositionsShiftedByTwo() throws Exception {
        FamilyCase r = FamilyCases.named("roberta");
        FamilyCheckpoint roberta = FamilyCheckpoint.write(r, tmp.resolve(r.name()));
        FamilyCase b = variant(r, "bert", "4.x", r.maxPositions(), "layer_norm_eps", 1e-5);
        FamilyCheckpoint bertWritten = FamilyCheckpoint.write(b, tmp.resolve("bert-written"));
        int d = r.hidden();
        Map<String, double[]> t = new LinkedHashMap<>(bertWritten.tensors());  // keeps BERT's own MLM head tensors
        roberta.tensors().forEach((name, v) -> {
            if (name.startsWith("roberta.")) t.put("bert." + name.substring("roberta.".length()), v);
        });
        double[] pos = roberta.tensors().get("roberta.embeddings.position_embeddings.weight");
        t.put("bert.embeddings.position_embeddings.weight", RefMath.slice(pos, 2 * d, r.maxPositions() * d));
        double[] types = new double[2 * d];
        System.arraycopy(roberta.tensors().get("roberta.embeddings.token_type_embeddings.weight"), 0, types, 0, d);
        t.put("bert.embeddings.token_type_embeddings.weight", types);
        FamilyCheckpoint bert = rewritten(b, t, bertWritten.shapes());
        assertSame(ReferenceForward.run(roberta, r.ids()), ReferenceForward.run(bert, r.ids()), 1e-12, "roberta vs bert");
    }

    /** DistilBERT = BERT with zero token type embeddings and the layer tensors renamed. */
    @Test
    void distilbertIsBertWithoutTokenTypes() throws Exception {
        FamilyCase c = FamilyCases.named("distilbert");
        FamilyCheckpoint distil = FamilyCheckpoint.write(c, tmp.resolve(c.name()));
        FamilyCase b = variant(c, "bert", "4.x", c.maxPositions());
        FamilyCheckpoint bertWritten = FamilyCheckpoint.write(b, tmp.resolve("bert-written"));
        Map<String, double[]> t = new LinkedHashMap<>(bertWritten.tensors());
        String[][] names = {{"attention.q_lin", "attention.self.query"}, {"attention.k_lin", "attention.self.key"},
                {"attention.v_lin", "attention.self.value"}, {"attention.out_lin", "attention.output.dense"},
                {"sa_layer_norm", "attention.output.LayerNorm"}, {"ffn.lin1", "intermediate.dense"},
                {"ffn.lin2", "output.dense"}, {"output_layer_norm", "output.LayerNorm"}};
        distil.tensors().forEach((name, v) -> {
            if (!name.startsWith("distilbert.")) return;
            String n = name.replace("distilbert.transformer.layer.", "bert.encoder.layer.").replace("distilbert.embeddings.", "bert.embeddings.");
            for (String[] m : names) n = n.replace("." + m[0] + ".", "." + m[1] + ".");
            t.put(n, v);
        });
        t.put("bert.embeddings.token_type_embeddings.weight", new double[2 * c.hidden()]);
        FamilyCheckpoint bert = rewritten(b, t, bertWritten.shapes());
        assertSame(ReferenceForward.run(distil, c.ids()), ReferenceForward.run(bert, c.ids()), 1e-12, "distilbert vs bert");
    }

    /** The same weights described in the 4.x and in the 5.x layout are the same model. */
    @Test
    void bothConfigLayoutsDescribeTheSameModel() throws Exception {
        List<Object[]> pairs = List.of(
                new Object[]{"llama3-untied", new Object[]{}},
                new Object[]{"qwen2-sliding-4x", new Object[]{"layer_types", List.of("full_attention", "sliding_attention")}},
                new Object[]{"gemma2-4x", new Object[]{"layer_types", List.of("sliding_attention", "full_attention")}},
                new Object[]{"gemma3-4x", new Object[]{"layer_types", List.of("sliding_attention", "full_attention")}},
                new Object[]{"neox-parallel", new Object[]{"rotary_pct", 0.25}},
                new Object[]{"rope-longrope", new Object[]{}},
                new Object[]{"bert", new Object[]{}});
        for (Object[] pair : pairs) {
            FamilyCase old = FamilyCases.named((String) pair[0]);
            Map<String, Object> o = new LinkedHashMap<>(old.options());
            Object[] extra = (Object[]) pair[1];
            for (int i = 0; i < extra.length; i += 2) o.put((String) extra[i], extra[i + 1]);
            FamilyCase older = old;
            if (o.containsKey("rotary_pct")) {  // 5.x files must carry 0.25 (see NeoxRef); compare like with like
                Map<String, Object> oo = new LinkedHashMap<>(old.options());
                oo.put("rotary_pct", 0.25);
                older = new FamilyCase(old.name(), old.modelType(), "4.x", old.dtype(), false, old.seed(), old.hidden(),
                        old.layers(), old.heads(), old.kvHeads(), old.headDim(), old.intermediate(), old.vocab(),
                        old.maxPositions(), old.testLength(), oo);
            }
            FamilyCase newer = new FamilyCase(old.name() + "-5x", old.modelType(), "5.x", old.dtype(), false, old.seed(),
                    old.hidden(), old.layers(), old.heads(), old.kvHeads(), old.headDim(), old.intermediate(), old.vocab(),
                    old.maxPositions(), Math.min(old.testLength(), 300), o);
            int[] ids = newer.ids();
            Reference a = ReferenceForward.run(FamilyCheckpoint.write(older, tmp.resolve(old.name() + "-4x")), ids);
            Reference b = ReferenceForward.run(FamilyCheckpoint.write(newer, tmp.resolve(newer.name())), ids);
            assertSame(a, b, 0, old.name() + " 4.x vs 5.x");
        }
    }

    /**
     * Causal prefix: the first rows of a longer run equal a shorter run — except for longrope, which uses its long
     * factors for every position once the sequence exceeds original_max_position_embeddings (256 here).
     */
    @Test
    void longSequencesChangeOnlyLongrope() throws Exception {
        for (String name : List.of("rope-linear", "rope-llama3", "rope-yarn", "rope-longrope")) {
            FamilyCase c = FamilyCases.named(name);
            FamilyCheckpoint ckpt = FamilyCheckpoint.write(c, tmp.resolve(name));
            int[] ids = c.ids(), prefix = java.util.Arrays.copyOf(ids, 200);
            double[][] full = ReferenceForward.run(ckpt, ids).attentions()[0][0], shorter = ReferenceForward.run(ckpt, prefix).attentions()[0][0];
            double diff = 0;
            for (int i = 0; i < 200; i++) for (int j = 0; j <= i; j++) diff = Math.max(diff, Math.abs(full[i][j] - shorter[i][j]));
            if (name.equals("rope-longrope")) assertTrue(diff > 1e-3, name + ": long and short factors should differ, " + diff);
            else assertEquals(0.0, diff, 1e-13, name);
        }
    }
}
