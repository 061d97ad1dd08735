package org.attentionlens.io.hf;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.ModelWeights;

import java.util.List;

/**
 * One Hugging Face model family: how its config.json becomes a {@link ModelSpec} and where its tensors sit.
 * A family is a small mapping, never a forward pass of its own. Registered in {@link Families}.
 */
public interface HfFamily {

    /** The config.json model_type values it reads, e.g. ["llama"]. */
    List<String> modelTypes();

    /** A short human name for pickers: "Llama". */
    String displayName();

    /**
     * The spec config.json describes; id is the model's id (folder, hub id or built-in name). The checkpoint's
     * tensors may be consulted where the config is silent (e.g. whether a GPT-2 has its own LM head).
     */
    ModelSpec spec(HfConfig config, WeightReader tensors, String id, String modelType) throws ModelLoadException;

    /** The weights, read in the spec's shapes. */
    ModelWeights weights(WeightReader reader, ModelSpec spec) throws ModelLoadException;
}
