package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The families this app reads, by config.json model_type, and one clear line for those it does not: what is
 * missing (mixture-of-experts routing, vision or audio towers, state-space layers, ALiBi biases) and what is supported.
 */
public final class Families {
    private static final List<HfFamily> ALL = List.of(new Gpt2Family(), new LlamaFamily(), new QwenFamily(),
            new GemmaFamily(), new Phi3Family(), new GptNeoXFamily(), new BertFamily(), new Olmo2Family(), new StableLmFamily());

    private static final Set<String> MIXTURE_OF_EXPERTS = Set.of("mixtral", "qwen2_moe", "qwen3_moe", "deepseek_v2",
            "deepseek_v3", "dbrx", "olmoe", "granitemoe", "granitemoeshared", "phimoe", "jetmoe", "gpt_oss", "arctic",
            "minimax", "switch_transformers", "nllb_moe", "hunyuan_v1_moe", "ernie4_5_moe", "glm4_moe", "dots1");
    private static final Set<String> MULTIMODAL = Set.of("llava", "llava_next", "llava_onevision", "qwen2_vl",
            "qwen2_5_vl", "qwen2_audio", "mllama", "gemma3", "gemma3n", "paligemma", "idefics", "idefics2", "idefics3",
            "smolvlm", "phi3_v", "phi4_multimodal", "clip", "siglip", "blip", "blip-2", "whisper", "wav2vec2",
            "chameleon", "pixtral", "mistral3", "llama4", "kosmos-2", "fuyu", "internvl", "aya_vision");
    private static final Set<String> STATE_SPACE = Set.of("mamba", "mamba2", "rwkv", "recurrent_gemma",
            "falcon_mamba", "jamba", "zamba", "zamba2", "bamba", "falcon_h1", "lfm2", "xlstm");
    private static final Set<String> ALIBI = Set.of("bloom", "mpt", "baichuan");
    private static final Map<String, String> HINTS = Map.of(
            "gemma3", " For a Gemma 3 text model, save its language model alone (model_type gemma3_text).",
            "mistral3", " The text part of Mistral Small 3 is a \"mistral\" model; save it alone.");

    private Families() {
    }

    /** The model_type values that open, sorted, for messages. */
    public static String supported() {
        Set<String> types = new TreeSet<>();
        for (HfFamily f : ALL) types.addAll(f.modelTypes());
        return String.join(", ", types);
    }

    /** The family reading this model_type, or a message saying why it cannot be read and what can. */
    public static HfFamily forModelType(String type, HfConfig c) throws ModelLoadException {
        for (HfFamily f : ALL) if (f.modelTypes().contains(type)) return f;
        String name = "'" + JsonMessages.excerpt(type) + "'";
        String why;
        if (MIXTURE_OF_EXPERTS.contains(type))
            why = name + " is a mixture-of-experts model: each token is routed through a few of many feed-forward "
                    + "experts, which this app does not run.";
        else if (MULTIMODAL.contains(type))
            why = name + " is a multimodal model (images or audio as well as text), which this app does not read."
                    + HINTS.getOrDefault(type, "");
        else if (STATE_SPACE.contains(type))
            why = name + " has state-space or recurrent layers in place of (some) attention, which this app does not run.";
        else if (ALIBI.contains(type) || (type.equals("falcon") && c.bool("alibi", false)))
            why = name + " adds ALiBi position biases to the scores, which this app does not implement.";
        else why = "unsupported architecture " + name + ".";
        throw new ModelLoadException(c.where() + ": " + why + " Supported model_type values: " + supported() + ".");
    }

    /**
     * config.json's model_type; very old GPT-2 configs predate the key and only name the class (or have n_embd).
     */
    public static String modelType(HfConfig c) throws ModelLoadException {
        String type = c.string("model_type", null);
        if (type != null) return type;
        List<String> archs = c.strings("architectures");
        if ((archs != null && archs.stream().anyMatch(a -> a.startsWith("GPT2"))) || (archs == null && c.has("n_embd")))
            return "gpt2";
        throw new ModelLoadException(c.where() + " has no \"model_type\", so the architecture is unknown. Supported "
                + "model_type values: " + supported() + ".");
    }
}
