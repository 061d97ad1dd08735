package org.attentionlens.analysis;

/**
 * The per-head measures, each with the one-paragraph definition the app shows one click away.
 * Notation: α_ij is the weight query i puts on key j; a row's valid keys are j ≤ i in a causal model, all j in
 * an encoder; "mean over rows" means over the query positions of the text.
 */
public enum Measure {
    ENTROPY("entropy", "Entropy (nats)",
            "How spread out a query's attention is: H_i = −Σ_j α_ij ln α_ij, in nats, averaged over query rows "
                    + "(the standard deviation over rows is shown beside it). 0 means every query looks at exactly "
                    + "one key; ln n means it spreads evenly over n keys. The normalised entropy divides each row "
                    + "by ln of its number of valid keys, so 1 is perfectly uniform whatever the position."),
    CONFIDENCE("confidence", "Confidence",
            "The mean over query rows of the largest weight in the row, max_j α_ij. Near 1 the head commits "
                    + "to one key per query; near 1/n it hedges over n keys."),
    PREVIOUS_TOKEN("previous_token", "Previous-token score",
            "The mean over rows i ≥ 1 of α_i,i−1, the weight each token puts on the token just before it. "
                    + "Previous-token heads shift information one position forward; an induction head in a later "
                    + "layer relies on one (Olsson et al. 2022)."),
    SINK("sink", "Sink score",
            "The mean over rows of α_i0, the weight on the first position, leaving out forced rows (a row with one "
                    + "key it may see, like the first token of a causal model, puts all its weight there whatever the "
                    + "head does). Many heads park attention on the first "
                    + "token when they have nothing useful to read (an attention sink, Xiao et al. 2023); in BERT the "
                    + "[CLS] and [SEP] tokens play this role. Compare with the sink's value-weighted share: a sink that "
                    + "receives weight but whose value vector is small moves almost nothing."),
    SINK_VALUE_SHARE("sink_value_share", "Sink value-weighted share",
            "The mean over rows of ‖α_i0 v_0 W_O^h‖ / Σ_j ‖α_ij v_j W_O^h‖: the first position's share of what the "
                    + "head actually moves into the residual stream (Kobayashi et al. 2020), next to its raw weight "
                    + "share (the sink score). Far below the sink score means the sink is a no-op."),
    SELF("self", "Self score",
            "The mean over rows of α_ii, the weight each token puts on itself. High in heads that keep a token's "
                    + "own information in place. Forced rows are left out: in a causal model position 0 can only see "
                    + "itself, so its row would score 1 whatever the head does and inflate short texts."),
    DISTANCE("distance", "Mean attention distance",
            "The mean over rows of Σ_j α_ij |i − j|: how many positions away, on average, a query reads. "
                    + "Small for local heads, large for heads that read far back (or to a sink at position 0)."),
    PREFIX_MATCHING("prefix_matching", "Prefix-matching score",
            "On the current text: for each query whose token occurred earlier, the total weight on the keys right "
                    + "after those earlier occurrences (keys j whose preceding token equals the query's token), "
                    + "averaged over such rows; empty when no token repeats. This is the attention pattern of an "
                    + "induction head, looked for in ordinary text."),
    INDUCTION("induction", "Induction score",
            "Measured on the model's own probe: a seeded random token sequence of length n (special tokens avoided) "
                    + "repeated twice. For each position i in the second copy, the weight on position i − n + 1, the "
                    + "token that followed the same token in the first copy; averaged over the second copy "
                    + "(Olsson et al. 2022). An induction head completes [A][B] … [A] → [B]. Empty when the context "
                    + "is too short for the probe.");

    private final String key;
    private final String label;
    private final String definition;

    Measure(String key, String label, String definition) {
        this.key = key;
        this.label = label;
        this.definition = definition;
    }

    /** The name in JSON export. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public String definition() {
        return definition;
    }
}
