package org.attentionlens.analysis;

import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.Residual;

/**
 * Whether a research method applies to a model, and if not, the one line that says why. Methods that read the
 * residual stream through the next-token head (logit lens, attribution, patching and knockout by their effect on the
 * next token) need a causal model with a head; attribution also needs a stream that is a sum of its components.
 */
public final class Applicability {
    private Applicability() {
    }

    /** Throws {@link IllegalArgumentException} naming the method when the model has no next-token head. */
    public static void requireNextTokenHead(ModelSpec c, String method) {
        if (c.lmHead() == ModelSpec.LmHead.NONE)
            throw new IllegalArgumentException(method + " does not apply to " + c.id() + ": it is an encoder (" + c.family()
                    + ") with no next-token head to read the residual stream through; open a causal model such as brown-gpt");
    }

    /** As above, and the residual stream must be a plain sum (not re-normed after every block, as in BERT). */
    public static void requireAdditiveStream(ModelSpec c, String method) {
        requireNextTokenHead(c, method);
        if (c.residual() == Residual.POST_NORM)
            throw new IllegalArgumentException(method + " does not apply to " + c.id() + ": its residual stream is "
                    + "re-normed after every block, so it is not a sum of the heads' and MLPs' outputs");
    }
}
