package org.attentionlens.cli;

import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import picocli.CommandLine.Option;

/** The shared {@code --model <id|folder>} option of every command that runs a model. */
public final class ModelOption {
    @Option(names = "--model", required = true, paramLabel = "<id|folder>",
            description = "A built-in model (minilm-l6, brown-gpt) or a Hugging Face GPT-2 folder.")
    String model;

    /** Loads the model from the registry; a load error becomes a message, not a stack trace. */
    public LoadedModel load() {
        return load(ModelProvider.REGISTRY);
    }

    /** Loads the model from models (tests pass models they build). */
    public LoadedModel load(ModelProvider models) {
        try {
            return models.load(model, Progress.NONE);
        } catch (ModelLoadException e) {
            throw new CliException(UserMessage.clean(e.getMessage())); // a corrupt header's bytes stay out of the terminal
        }
    }
}
