package org.attentionlens.io;

import org.attentionlens.model.LoadedModel;

import java.util.List;

/** Where a command or the app gets its models: the registry, or something smaller built in a test. */
@FunctionalInterface
public interface ModelProvider {
    /** The built-ins, folders and hub ids of the Hugging Face cache. */
    ModelProvider REGISTRY = new ModelProvider() {
        @Override
        public LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
            return ModelRegistry.load(idOrFolder, progress);
        }

        @Override
        public List<String> cachedHubModels() {
            return HfCache.list();
        }
    };

    LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException;

    /** Ids offered in a model picker. */
    default List<String> builtIns() {
        return ModelRegistry.builtIns();
    }

    /** Hub ids ("ORG/NAME") of models already on disk in the Hugging Face cache; reads the disk. */
    default List<String> cachedHubModels() {
        return List.of();
    }
}
