package org.attentionlens.ui.lecture;

import org.attentionlens.errors.JsonMessages;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Every stage a walk through one head can have, in the order the computation runs. A model walks the ones its recipe
 * has ({@link #of}): QK-norm, RoPE, shared keys and values and the soft-cap only where the spec says so, never a fixed
 * GPT-2 script.
 */
public enum LectureStage {
    INPUT("input", "The input vectors"),
    PROJECTIONS("projections", "Queries, keys, values"),
    QK_NORM("qk-norm", "QK-norm: q and k normalised"),
    ROPE("rope", "RoPE: turned by position"),
    SHARED_KV("shared-kv", "Shared K and V (GQA)"),
    DOT_PRODUCT("dot-product", "One dot product"),
    ALL_SCORES("scores", "All the scores"),
    SCALE("scale", "Divide by √d_head"),
    SOFTCAP("soft-cap", "Soft-cap"),
    MASK("mask", "The causal mask"),
    SOFTMAX("softmax", "Softmax"),
    WEIGHTED_SUM("weighted-sum", "Weights × values"),
    CONCAT("concat", "Concatenate heads"),
    OUTPUT_PROJECTION("output-projection", "Output projection W_O"),
    RESIDUAL("residual", "Add to the residual");

    private final String key;
    private final String title;

    LectureStage(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** The name used in session files. */
    public String key() {
        return key;
    }

    public String title() {
        return title;
    }

    /** The stages of a walk through a head of this layer of this model, in order. */
    public static List<LectureStage> of(ModelSpec c, int layer) {
        AttentionSpec a = c.attention();
        List<LectureStage> out = new ArrayList<>();
        for (LectureStage s : values()) {
            boolean has = switch (s) {
                case QK_NORM -> a.qkNorm() != AttentionSpec.QkNorm.NONE;
                case ROPE -> a.rope(layer) != null;
                case SHARED_KV -> a.kvHeads() < a.heads();
                case SOFTCAP -> a.softcap() > 0;
                default -> true;
            };
            if (has) out.add(s);
        }
        return List.copyOf(out);
    }

    /** The stage with this session-file key. */
    public static LectureStage ofKey(String key) {
        for (LectureStage s : values()) if (s.key.equals(key)) return s;
        throw new IllegalArgumentException("unknown lecture stage \"" + JsonMessages.excerpt(key) + "\"; known stages: "
                + String.join(", ", java.util.Arrays.stream(values()).map(LectureStage::key).toList()));
    }
}
