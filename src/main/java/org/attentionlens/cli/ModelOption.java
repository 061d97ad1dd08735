package org.attentionlens.cli;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.model.LoadedModel;
import picocli.CommandLine.Option;

/** The shared {@code --model <id|folder>} option of every command that runs a model. */
public final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "<id|folder>",
            description = "A built-in model (minilm-l6, brown-gpt) or a Hugging Face GPT-2 folder.")
    String model;

    /** Loads the model, reporting progress on stderr; a load error becomes a message, not a stack trace. */
    public LoadedModel load() {
        try {
            return ModelRegistry.load(model, (fraction, message) -> { });
        } catch (ModelLoadException e) {
            throw new CliException(e.getMessage());
        }
    }
}
