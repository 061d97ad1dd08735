package org.attentionlens.cli;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;

/** Where a command gets its model from: the registry, or a model built in a test. */
@FunctionalInterface
public interface ModelSource {
    ModelSource REGISTRY = idOrFolder -> ModelRegistry.load(idOrFolder, Progress.NONE);

    LoadedModel load(String idOrFolder) throws ModelLoadException;
}
