package org.attentionlens.io.hf;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.tensor.Activation;

/** Hugging Face's activation names (ACT2FN keys) to the ones the kernels run. */
final class ActivationNames {
    static final String SUPPORTED = "silu, gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu";

    private ActivationNames() {
    }

    static Activation of(HfConfig c, String key, String fallback) throws ModelLoadException {
        String name = c.string(key, fallback);
        return switch (name) {
            case "silu", "swish" -> Activation.SILU;
            case "gelu" -> Activation.GELU_ERF;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Activation.GELU_TANH;
            case "relu" -> Activation.RELU;
            default -> throw c.unsupported("\"" + key + "\" " + JsonMessages.excerpt(name)
                    + " is not supported; supported: " + SUPPORTED + ".");
        };
    }
}
