package org.attentionlens.io;

import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelConfig;
import org.attentionlens.model.ModelWeights;
import org.attentionlens.model.Norm;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tensor.Matrix;
import org.attentionlens.tokenizer.Gpt2Vocabulary;
import org.attentionlens.tokenizer.IdsOnlyTokenizer;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.TokenizerFolder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Loads a Hugging Face GPT-2-family model (gpt2, distilgpt2, gpt2-medium…, or one trained with the same code)
 * from config.json, model.safetensors (or shards) and its tokenizer files.
 * <p>Checkpoints differ in small ways, all accepted: names with or without "transformer."; the attn.bias and
 * attn.masked_bias buffers present or not (ignored); lm_head.weight absent, equal to wte (tied) or its own
 * (untied). HF GPT-2 uses Conv1D, so its matrices are already (in, out): c_attn (D, 3D) splits by columns into
 * wq, wk, wv. Legend as in {@link ModelConfig}.
 */
public final class Gpt2FolderLoader {
    /** What a folder must hold, for messages. */
    public static final String REQUIRED = "config.json + model.safetensors (or sharded with "
            + "model.safetensors.index.json) + vocab.json/merges.txt or tokenizer.json";

    private final SafetensorsCheckpoint ckpt;
    private final String prefix;
    private final Kernels kernels;
    private final Progress progress;
    private final long totalBytes;
    private long doneBytes;

    private Gpt2FolderLoader(SafetensorsCheckpoint ckpt, Kernels kernels, Progress progress) {
        this.ckpt = ckpt;
        this.kernels = kernels;
        this.progress = progress;
        this.prefix = ckpt.has("transformer.wte.weight") ? "transformer." : "";
        long total = 0;
        for (String n : ckpt.names()) {
            if (n.endsWith(".attn.bias") || n.endsWith(".attn.masked_bias")) continue; // causal-mask buffers, unused
            try {
                SafetensorsFile.TensorInfo t = ckpt.info(n);
                total += t.end() - t.begin();
            } catch (ModelLoadException e) {
                // listed in an index but absent from its shard: reported when the tensor is read
            }
        }
        this.totalBytes = Math.max(1, total);
    }

    /** Loads a folder on disk; the model's id is the folder path. */
    public static LoadedModel load(Path folder, Progress progress) throws ModelLoadException {
        return load(ModelSource.folder(folder), Kernels.best(), progress);
    }

    /** Loads from a folder or a classpath prefix with the given kernels; the model's id is {@link ModelSource#id}. */
    public static LoadedModel load(ModelSource src, Kernels kernels, Progress progress) throws ModelLoadException {
        return load(src, src.id(), kernels, progress);
    }

    /**
     * Loads under a chosen id, e.g. a built-in: {@code load(ModelSource.classpath("/models/brown-gpt/"),
     * "brown-gpt", Kernels.best(), progress)}. The display name is the source's name and the shape.
     */
    public static LoadedModel load(ModelSource src, String id, Kernels kernels, Progress progress)
            throws ModelLoadException {
        if (!src.has(HfConfig.FILE)) throw missingFile(src, HfConfig.FILE, "");
        progress.report(0, "Reading " + HfConfig.FILE);
        HfConfig hf = HfConfig.parse(src.readString(HfConfig.FILE));
        if (!SafetensorsCheckpoint.present(src))
            throw missingFile(src, SafetensorsCheckpoint.SINGLE, src.has("pytorch_model.bin")
                    ? " It has pytorch_model.bin, which this app does not read: save the model again with "
                    + "save_pretrained(folder, safe_serialization=True) to get model.safetensors." : "");
        ModelConfig c = hf.toModelConfig(id);
        // the tokenizer is built while the weights load: GPT-2's own vocabulary alone takes about a second
        FutureTask<Tokenizer> tokenizer = new FutureTask<>(() -> tokenizer(src, c));
        Thread reader = new Thread(tokenizer, "tokenizer-reader");
        reader.setDaemon(true);
        reader.start();
        ModelWeights w;
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(src)) {
            w = new Gpt2FolderLoader(ckpt, kernels, progress).weights(c);
        }
        progress.report(1, "Loaded " + src.name());
        String shape = c.layers() + "×" + c.heads() + ", d " + c.dModel();
        return new LoadedModel(id, src.name() + " (" + shape + ", GPT-2)", new Transformer(c, w, kernels),
                await(tokenizer));
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
            throw new ModelLoadException("Cannot read the tokenizer: " + e.getCause(), e.getCause());
        }
    }

    /** A required file is missing: say which, and what a model folder holds. */
    private static ModelLoadException missingFile(ModelSource src, String file, String hint) {
        return new ModelLoadException(src.id() + " has no " + file + ". A model folder must contain " + REQUIRED
                + ", as Hugging Face save_pretrained(folder, safe_serialization=True) writes it." + hint);
    }

    /**
     * The folder's tokenizer files as transformers reads them ({@link TokenizerFolder}); without any, GPT-2's own
     * vocabulary when the sizes match, else a tokenizer that takes token ids only.
     */
    static Tokenizer tokenizer(ModelSource src, ModelConfig c) throws ModelLoadException {
        Map<String, String> files = new HashMap<>();
        for (String f : TokenizerFolder.FILES) if (src.has(f)) files.put(f, src.readString(f));
        Tokenizer t;
        try {
            t = TokenizerFolder.tokenizer(files).orElse(null);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("Cannot read the tokenizer of " + src.id() + ": " + e.getMessage(), e);
        }
        if (t == null && c.vocabSize() == Gpt2Vocabulary.SIZE) t = Gpt2Vocabulary.tokenizer();
        Optional<String> half = TokenizerFolder.incomplete(files);
        if (t == null && half.isPresent()) // a damaged folder, not one that never had a tokenizer
            throw new ModelLoadException(src.id() + " has no tokenizer: it has " + half.get() + ", and its vocab_size "
                    + c.vocabSize() + " is not GPT-2's " + Gpt2Vocabulary.SIZE + ". A model folder must contain "
                    + REQUIRED + ".");
        if (t == null) t = new IdsOnlyTokenizer(c.vocabSize());
        if (t.vocabSize() > c.vocabSize())
            throw new ModelLoadException("The tokenizer has " + t.vocabSize() + " entries but config.json's "
                    + "vocab_size is " + c.vocabSize() + ": they do not belong together.");
        return t;
    }

    private ModelWeights weights(ModelConfig c) throws ModelLoadException {
        int D = c.dModel(), V = c.vocabSize(), N = c.context(), F = c.dFF();
        float[] wte = read("wte.weight", V, D); // (V, D)
        float[] wpe = read("wpe.weight", N, D); // (N, D)
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            String h = "h." + l + ".";
            Norm ln1 = norm(h + "ln_1", D);
            float[] cAttn = read(h + "attn.c_attn.weight", D, 3 * D); // (D, 3D) columns: q | k | v
            float[] cAttnB = read(h + "attn.c_attn.bias", 3 * D);     // (3D)
            Matrix wo = matrix(h + "attn.c_proj.weight", D, D);
            float[] bo = read(h + "attn.c_proj.bias", D);
            Norm ln2 = norm(h + "ln_2", D);
            Matrix w1 = matrix(h + "mlp.c_fc.weight", D, F);
            float[] b1 = read(h + "mlp.c_fc.bias", F);
            Matrix w2 = matrix(h + "mlp.c_proj.weight", F, D);
            float[] b2 = read(h + "mlp.c_proj.bias", D);
            layers.add(new LayerWeights(
                    kernels.pack(columns(cAttn, D, 3 * D, 0, D), D, D), Arrays.copyOfRange(cAttnB, 0, D),
                    kernels.pack(columns(cAttn, D, 3 * D, D, D), D, D), Arrays.copyOfRange(cAttnB, D, 2 * D),
                    kernels.pack(columns(cAttn, D, 3 * D, 2 * D, D), D, D), Arrays.copyOfRange(cAttnB, 2 * D, 3 * D),
                    wo, bo, ln1, w1, b1, w2, b2, ln2));
        }
        Norm lnF = norm("ln_f", D);
        return new ModelWeights(wte, wpe, null, null, layers, lnF, lmHead(wte, V, D));
    }

    /** null when tied (absent, or equal to wte); else HF's (V, D) head transposed to our (D, V). */
    private Matrix lmHead(float[] wte, int V, int D) throws ModelLoadException {
        String name = "lm_head.weight";
        if (!ckpt.has(name)) return null;
        float[] head = readExact(name, V, D); // (V, D)
        if (Arrays.equals(head, wte)) return null;
        float[] t = new float[D * V]; // (D, V)
        for (int v = 0; v < V; v++)
            for (int d = 0; d < D; d++) t[d * V + v] = head[v * D + d];
        return kernels.pack(t, D, V);
    }

    private Norm norm(String name, int D) throws ModelLoadException {
        return new Norm(read(name + ".weight", D), read(name + ".bias", D));
    }

    private Matrix matrix(String name, int K, int N) throws ModelLoadException {
        return kernels.pack(read(name, K, N), K, N);
    }

    /** cols columns from col0 of a row-major (rows, width) array, as a row-major (rows, cols) array. */
    private static float[] columns(float[] a, int rows, int width, int col0, int cols) {
        float[] out = new float[rows * cols]; // (rows, cols)
        for (int r = 0; r < rows; r++) System.arraycopy(a, r * width + col0, out, r * cols, cols);
        return out;
    }

    /** A transformer tensor, named without the optional "transformer." prefix. */
    private float[] read(String name, long... shape) throws ModelLoadException {
        return readExact(prefix + name, shape);
    }

    private float[] readExact(String name, long... shape) throws ModelLoadException {
        SafetensorsFile.TensorInfo t = ckpt.info(name);
        if (!Arrays.equals(t.shape(), shape))
            throw new ModelLoadException(name + " has shape " + t.shapeString() + ", expected "
                    + Arrays.toString(shape) + " from config.json");
        float[] values = ckpt.floats(name);
        doneBytes += t.end() - t.begin();
        progress.report(Math.min(1, (double) doneBytes / totalBytes), "Loading " + name);
        return values;
    }
}
