package org.attentionlens.analysis;

/**
 * What a head mostly does, from its measures. The rules are checked in this order and the first that holds
 * wins: induction, previous-token, sink, local, broad, else mixed. The thresholds are the constants below.
 */
public enum HeadKind {
    INDUCTION("induction", "Completes repeated patterns: [A][B] … [A] → attends to [B]."),
    PREVIOUS_TOKEN("previous-token", "Each token reads the token just before it."),
    SINK("sink", "Parks most attention on the first position."),
    LOCAL("local", "Reads a few positions around the query."),
    BROAD("broad", "Spreads attention over many positions."),
    MIXED("mixed", "No single pattern dominates.");

    /** Induction score (on the repeated random probe) at or above this: an induction head. */
    public static final double INDUCTION_MIN = 0.3;
    /** Previous-token score at or above this: a previous-token head. */
    public static final double PREVIOUS_TOKEN_MIN = 0.5;
    /** Sink score at or above this: a sink head. */
    public static final double SINK_MIN = 0.5;
    /** Mean attention distance at or below this (positions): a local head. */
    public static final double LOCAL_MAX_DISTANCE = 2.0;
    /** Normalised entropy at or above this (1 = uniform over the valid keys): a broad head. */
    public static final double BROAD_MIN_NORMALISED_ENTROPY = 0.7;

    private final String key;
    private final String description;

    HeadKind(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /**
     * Classifies by the rules above. induction may be null (probe not run): that rule is then skipped.
     */
    public static HeadKind classify(Double induction, double previousToken, double sink, double distance,
                                    double normalisedEntropy) {
        if (induction != null && induction >= INDUCTION_MIN) return INDUCTION;
        if (previousToken >= PREVIOUS_TOKEN_MIN) return PREVIOUS_TOKEN;
        if (sink >= SINK_MIN) return SINK;
        if (distance <= LOCAL_MAX_DISTANCE) return LOCAL;
        if (normalisedEntropy >= BROAD_MIN_NORMALISED_ENTROPY) return BROAD;
        return MIXED;
    }
}
