package org.attentionlens.io;

import org.attentionlens.model.LoadedModel;

import java.util.List;

/** Where a command or the app gets its models: the registry, or something smaller built in a test. */
@FunctionalInterface
public interface ModelProvider {
    ModelProvider REGISTRY = ModelRegistry::load;

    LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException;

    /** Ids offered in a model picker. */
    default List<String> builtIns() {
        return ModelRegistry.builtIns();
    }
}
