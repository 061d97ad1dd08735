package org.attentionlens.io;

import org.attentionlens.io.onnx.OnnxGraph;
import org.attentionlens.io.onnx.OnnxReader;
import org.attentionlens.model.LayerWeights;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.tensor.Kernels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping the real all-minilm-l6-v2.onnx onto the model, and the errors for files that do not fit. */
class BertOnnxLoaderTest {
    private static byte[] onnx;
    private static OnnxGraph graph;

    @BeforeAll
    static void read() throws ModelLoadException {
        onnx = MiniLm.readResource(MiniLm.ONNX_RESOURCE, Progress.NONE);
        graph = OnnxReader.read(onnx, "all-minilm-l6-v2.onnx");
    }

    @Test
    void anonymousMatMulWeightsAreFoundThroughTheirNodes() throws ModelLoadException {
        LayerWeights layer3 = BertOnnxLoader.load(graph, MiniLm.CONFIG, Kernels.scalar(), Progress.NONE)
                .weights().layers().get(3);
        // The weight each MatMul node reads, looked up by hand in the graph: packing must keep it unchanged.
        assertArrayEquals(weightOf("/encoder/layer.3/attention/self/key/MatMul"), layer3.attention().wk().toRowMajor());
        assertArrayEquals(weightOf("/encoder/layer.3/output/dense/MatMul"), layer3.mlp().down().toRowMajor());
        assertEquals(1536, layer3.mlp().down().rows());
        assertArrayEquals(graph.initializers().get("encoder.layer.3.attention.self.key.bias").floats(),
                layer3.attention().bk());
    }

    @Test
    void registryLoadsTheBuiltInWithProgress() throws ModelLoadException {
        List<Double> fractions = new ArrayList<>();
        LoadedModel m = ModelRegistry.load(ModelRegistry.MINILM, (f, msg) -> fractions.add(f));
        assertEquals("minilm-l6", m.id());
        assertEquals("MiniLM-L6 (6 layers × 12 heads, encoder)", m.displayName());
        assertEquals(ModelSpec.bert("minilm-l6", 6, 12, 384, 1536, 30522, 512, 1e-12f, 2), m.config());
        assertNull(m.transformer().weights().lmHead());
        assertEquals(2 * 384, m.transformer().weights().typeEmbedding().length);
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        for (int i = 1; i < fractions.size(); i++)
            assertTrue(fractions.get(i) >= fractions.get(i - 1), "progress only moves forward: " + fractions);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        ModelSpec wrongWidth = ModelSpec.bert("minilm-l6", 6, 12, 384, 1024, 30522, 512, 1e-12f, 2);
        String msg = assertThrows(ModelLoadException.class,
                () -> BertOnnxLoader.load(graph, wrongWidth, Kernels.scalar(), Progress.NONE)).getMessage();
        assertTrue(msg.contains("has shape [384, 1536] but minilm-l6 needs [384, 1024] (D, F)"), msg);

        ModelSpec moreLayers = ModelSpec.bert("minilm-l6", 7, 12, 384, 1536, 30522, 512, 1e-12f, 2);
        msg = assertThrows(ModelLoadException.class,
                () -> BertOnnxLoader.load(graph, moreLayers, Kernels.scalar(), Progress.NONE)).getMessage();
        assertTrue(msg.contains("no MatMul node /encoder/layer.6/attention/self/query/MatMul"), msg);
    }

    @Test
    void truncatedFileIsAClearLoadError() {
        for (int length : new int[]{10, 1 << 20, onnx.length / 2, onnx.length - 1}) {
            byte[] cut = Arrays.copyOf(onnx, length);
            String msg = assertThrows(ModelLoadException.class,
                    () -> BertOnnxLoader.load(OnnxReader.read(cut, "all-minilm-l6-v2.onnx"), MiniLm.CONFIG,
                            Kernels.scalar(), Progress.NONE), "cut at " + length).getMessage();
            assertTrue(msg.startsWith("all-minilm-l6-v2.onnx is not a readable ONNX model")
                    && msg.contains("truncated or corrupt"), msg);
        }
    }

    @Test
    void corruptHeaderIsAClearLoadError() {
        byte[] bad = onnx.clone();
        Arrays.fill(bad, 0, 64, (byte) 0xFF);
        String msg = assertThrows(ModelLoadException.class,
                () -> OnnxReader.read(bad, "all-minilm-l6-v2.onnx")).getMessage();
        assertTrue(msg.contains("truncated or corrupt"), msg);
    }

    private static float[] weightOf(String node) throws ModelLoadException {
        for (var n : graph.nodes())
            if (n.name().equals(node)) return graph.initializers().get(n.inputs().get(1)).floats();
        throw new AssertionError("no node " + node);
    }
}
