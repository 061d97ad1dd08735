package org.attentionlens.ui.lecture;

import org.attentionlens.errors.JsonMessages;

/** The stages of the walk through one head, in the order the computation runs. */
public enum LectureStage {
    INPUT("input", "The input vectors"),
    PROJECTIONS("projections", "Queries, keys, values"),
    DOT_PRODUCT("dot-product", "One dot product"),
    ALL_SCORES("scores", "All the scores"),
    SCALE("scale", "Divide by √d_head"),
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

    /** The stage with this session-file key. */
    public static LectureStage ofKey(String key) {
        for (LectureStage s : values()) if (s.key.equals(key)) return s;
        throw new IllegalArgumentException("unknown lecture stage \"" + JsonMessages.excerpt(key) + "\"; known stages: "
                + String.join(", ", java.util.Arrays.stream(values()).map(LectureStage::key).toList()));
    }
}
