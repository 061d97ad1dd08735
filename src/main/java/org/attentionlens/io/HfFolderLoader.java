package org.attentionlens.io;

import org.attentionlens.io.hf.Families;
import org.attentionlens.io.hf.HfConfig;
import org.attentionlens.io.hf.HfFamily;
import org.attentionlens.io.hf.WeightReader;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.Tokenizer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Loads a Hugging Face model folder of any supported family: config.json → the family's {@link ModelSpec}, the
 * safetensors weights in their stored precision, the tokenizer (read on a second thread meanwhile) and
 * generation_config.json's end-of-text ids. Checks the memory the weights need before reading them.
 */
public final class HfFolderLoader {
    /** What a folder must hold, for messages. */
    public static final String REQUIRED = "config.json + model.safetensors (or shards listed in "
            + "model.safetensors.index.json) + a tokenizer (" + TokenizerFiles.KNOWN + ")";

    private HfFolderLoader() {
    }

    /**
     * Loads from a folder or a classpath prefix under the given id (the folder, a hub id, or a built-in name).
     * Interrupting the calling thread cancels the load at the next tensor.
     */
    public static LoadedModel load(ModelSource src, String id, Kernels kernels, Progress progress)
            throws ModelLoadException {
        if (!src.has(HfConfig.FILE)) throw missingFile(src, HfConfig.FILE, "");
        progress.report(0, "Reading " + HfConfig.FILE);
        HfConfig config = HfConfig.parse(src.readString(HfConfig.FILE), src.name() + "/" + HfConfig.FILE);
        String type = Families.modelType(config);
        HfFamily family = Families.forModelType(type, config);
        if (!SafetensorsCheckpoint.present(src))
            throw missingFile(src, SafetensorsCheckpoint.SINGLE, src.has("pytorch_model.bin")
                    ? " It has pytorch_model.bin, which this app does not read: save the model again with "
                    + "save_pretrained(folder, safe_serialization=True) to get model.safetensors." : "");
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(src)) {
            WeightReader reader = new WeightReader(ckpt, kernels, progress);
            ModelSpec spec;
            try {
                spec = family.spec(config, reader, id, type);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ModelLoadException(config.where() + ": " + e.getMessage() + ".", e);
            }
            MemoryBudget.check(src.name(), ckpt.dataBytes());
            // the tokenizer is built while the weights load: a large vocabulary takes about a second
            FutureTask<Tokenizer> tokenizer = new FutureTask<>(() -> TokenizerFiles.read(src, spec));
            Thread t = new Thread(tokenizer, "tokenizer-reader");
            t.setDaemon(true);
            t.start();
            Transformer transformer;
            try {
                transformer = new Transformer(spec, family.weights(reader, spec), kernels);
            } catch (Throwable e) {
                finish(t); // a refused or cancelled load leaves no reader behind holding the tokenizer's files
                throw e;
            }
            Tokenizer tok = await(tokenizer);
            progress.report(1, "Loaded " + src.name());
            return new LoadedModel(id, src.name() + " (" + describe(family, spec) + ")", transformer, tok,
                    GenerationConfig.stopIds(src, config, tok));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ModelLoadException(src.name() + ": the weights do not fit the config (" + e.getMessage() + ").", e);
        }
    }

    /** "Llama, 16×32/8, d 2048": family, layers × query heads / key-value heads, width. */
    static String describe(HfFamily family, ModelSpec s) {
        String heads = s.kvHeads() < s.heads() ? s.heads() + "/" + s.kvHeads() : String.valueOf(s.heads());
        return family.displayName() + ", " + s.layers() + "×" + heads + ", d " + s.dModel();
    }

    /** Waits for the tokenizer's reader to end (about a second at most); its result is not wanted. */
    private static void finish(Thread reader) {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tokenizer task's result, or the loader error it failed with. */
    private static Tokenizer await(FutureTask<Tokenizer> task) throws ModelLoadException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("interrupted while reading the tokenizer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelLoadException m) throw m;
            throw new ModelLoadException("Cannot read the tokenizer: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** A required file is missing: say which, and what a model folder holds. */
    private static ModelLoadException missingFile(ModelSource src, String file, String hint) {
        return new ModelLoadException(src.id() + " has no " + file + ". A model folder must contain " + REQUIRED
                + ", as Hugging Face save_pretrained(folder, safe_serialization=True) writes it." + hint);
    }
}
