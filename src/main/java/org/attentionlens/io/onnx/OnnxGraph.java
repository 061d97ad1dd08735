package org.attentionlens.io.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the loaders need of an ONNX model: its initializers (the weights) and its nodes (which tell what the
 * anonymous weights are for).
 *
 * @param initializers by name, in file order
 * @param nodes        in file (topological) order
 * @param inputs       the graph's input names, e.g. input_ids
 * @param outputs      the graph's output names, e.g. output_0 (BERT's last hidden state)
 */
public record OnnxGraph(Map<String, OnnxTensor> initializers, List<OnnxNode> nodes, List<String> inputs,
                        List<String> outputs) {
    public OnnxGraph {
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        nodes = List.copyOf(nodes);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
