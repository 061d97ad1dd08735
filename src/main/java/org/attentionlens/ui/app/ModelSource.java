package org.attentionlens.ui.app;

import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;

import java.util.List;

/** Where the app gets models: the registry in the app, something smaller in tests. */
public interface ModelSource {
    LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException;

    /** Ids offered in the model picker. */
    List<String> builtIns();

    ModelSource REGISTRY = new ModelSource() {
        @Override
        public LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
            return ModelRegistry.load(idOrFolder, progress);
        }

        @Override
        public List<String> builtIns() {
            return ModelRegistry.builtIns();
        }
    };
}
