package org.attentionlens.io.onnx;

import java.util.List;

/**
 * One operation of an ONNX graph, e.g. MatMul named "/encoder/layer.0/attention/self/query/MatMul".
 *
 * @param inputs  names of the values it reads (graph inputs, initializers or other nodes' outputs)
 * @param outputs names of the values it produces
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
