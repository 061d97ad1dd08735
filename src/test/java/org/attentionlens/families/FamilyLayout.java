package org.attentionlens.families;

import com.google.gson.JsonObject;

/** How one family's checkpoint folder looks on disk: its config.json and the tensors save_pretrained writes. */
interface FamilyLayout {
    /** config.json in the case's layout (4.x or 5.x). */
    JsonObject config(FamilyCase c);

    /** Every tensor the folder holds, by HF name, as save_pretrained writes them (tied copies left out). */
    void tensors(FamilyCase c, Weights w);

    /** generation_config.json's bos/eos ids, or null for encoders (which save none). */
    default int[] bosEos(FamilyCase c) {
        return null;
    }

    static FamilyLayout of(String modelType) {
        return switch (modelType) {
            case "llama", "mistral", "qwen2", "qwen3", "olmo2" -> new LlamaLikeLayout();
            case "gemma", "gemma2", "gemma3_text" -> new GemmaLayout();
            case "phi3" -> new Phi3Layout();
            case "gpt_neox" -> new NeoxLayout();
            case "stablelm" -> new StableLmLayout();
            case "gpt2" -> new Gpt2Layout();
            case "bert", "roberta" -> new BertLayout();
            case "distilbert" -> new DistilBertLayout();
            default -> throw new IllegalArgumentException("no layout for model_type " + modelType);
        };
    }
}
