package org.attentionlens.families;

import java.util.Map;
import java.util.Random;

/**
 * One tiny checkpoint to write: family, config layout, dtype, seed, dimensions and the family-specific switches.
 *
 * @param modelType      HF `model_type` ("llama", "gpt_neox", "bert", ...)
 * @param configLayout   "4.x" (rope_theta/rope_scaling, torch_dtype, no layer_types) or "5.x" (rope_parameters, dtype, layer_types)
 * @param dtype          how the weights are stored: F32, BF16 or F16
 * @param sharded        two shards plus model.safetensors.index.json instead of one model.safetensors
 * @param hidden         D
 * @param heads          H query heads
 * @param kvHeads        key/value heads (= H where the family has no grouped-query attention)
 * @param headDim        E; written to the config only where it differs from D / H (or where the family always writes it)
 * @param intermediate   F, the MLP width
 * @param vocab          V
 * @param maxPositions   max_position_embeddings, the context (RoBERTa's config says maxPositions + 2: its rows start at 2)
 * @param testLength     T of the id sequence the tests run ({@link #ids()})
 * @param options        family switches, documented where each family's writer reads them
 */
record FamilyCase(String name, String modelType, String configLayout, String dtype, boolean sharded, long seed,
                  int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate, int vocab,
                  int maxPositions, int testLength, Map<String, Object> options) {

    boolean flag(String key) {
        return Boolean.TRUE.equals(options.get(key));
    }

    double num(String key, double otherwise) {
        Object v = options.get(key);
        return v == null ? otherwise : ((Number) v).doubleValue();
    }

    String text(String key, String otherwise) {
        Object v = options.get(key);
        return v == null ? otherwise : (String) v;
    }

    boolean has(String key) {
        return options.containsKey(key);
    }

    boolean v5() {
        return configLayout.equals("5.x");
    }

    /** testLength ids drawn from [3, V): 0–2 are kept for pad/bos/eos so no family treats a test id as special. */
    int[] ids() {
        Random r = new Random(seed * 31 + 7);
        int[] ids = new int[testLength];
        for (int i = 0; i < ids.length; i++) ids[i] = 3 + r.nextInt(vocab - 3);
        return ids;
    }
}
