package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.ui.common.Numbers;
/** The stage titles and one-paragraph plain-language captions, filled with this walk's tokens and numbers. */
final class Captions {
    private Captions() {
    }

    static String title(LectureStage stage, HeadWalk w) {
        if (stage == LectureStage.MASK && !w.config().causal()) return "No mask in an encoder";
        return stage.title();
    }

    static String caption(LectureStage stage, HeadWalk w) {
        String q = quoted(w.token(w.query())), k = quoted(w.token(w.key()));
        int D = w.config().dModel(), Dh = w.config().dHead(), H = w.config().heads();
        int best = w.strongestKey();
        return switch (stage) {
            case INPUT -> (w.decode()
                    ? "In a decode step only the new token " + q + " runs through the model: its " + D
                    + " numbers are the only row computed now. "
                    : "Each token enters layer " + w.layer() + " as a vector of " + D + " numbers: the residual stream, "
                    + (w.layer() == 0 ? (w.preNorm() ? "here the token's embedding plus its position's embedding. "
                    : "here the token's embedding plus those of its position and token type, normalised. ")
                    : "which carries everything the earlier layers wrote into it. "))
                    + (w.preNorm()
                    ? "The head reads each row normalised (LayerNorm 1: mean 0, steady size). "
                    : "This model normalises after each sublayer, so the head reads these rows as they are. ")
                    + "We follow " + q + ", the highlighted row.";
            case PROJECTIONS -> "Three learned matrices turn each row into a query (what the token looks for), a key "
                    + "(what it can be found by) and a value (what it hands over), " + Dh + " numbers each for head "
                    + w.head() + ": q = x·W_Q + b_Q. "
                    + (w.decode()
                    ? "Only the new token is projected now; the keys and values of the " + w.firstComputed()
                    + " earlier tokens come from the KV cache, as earlier steps computed them."
                    : "Every token gets its own q, k and v from the same three matrices.");
            case DOT_PRODUCT -> "How well does " + q + " match " + k + "? Multiply the query and the key number by "
                    + "number and add up the " + Dh + " products: q·k = " + Numbers.slide(w.rawScore(w.key())) + ". "
                    + "A large positive sum means the two vectors point the same way; a negative one means they disagree.";
            case ALL_SCORES -> (w.decode()
                    ? "A decode step computes one row: the new query against all " + w.keyCount() + " keys, "
                    + w.firstComputed() + " of them from the cache. "
                    : "The same dot product for every pair fills a table: row i says how well token i's query "
                    + "matches every key. ")
                    + "In " + q + "'s row the best match is " + quoted(w.token(bestRaw(w))) + " with "
                    + Numbers.slide(w.rawScore(bestRaw(w))) + ".";
            case SCALE -> "Dot products of long vectors grow with their length, which would make softmax pick one "
                    + "winner too eagerly. Dividing by √" + Dh + " = " + Numbers.slide(w.scaleDivisor())
                    + " keeps the scores where softmax can still spread attention: "
                    + Numbers.slide(w.rawScore(w.key())) + " ÷ " + Numbers.slide(w.scaleDivisor()) + " = "
                    + Numbers.slide(w.score(w.key())) + ".";
            case MASK -> w.config().causal()
                    ? "A causal model must not peek ahead: when it predicts what follows " + q
                    + ", the later tokens do not exist yet. Scores of keys after the query are set to −∞, so they "
                    + "will get weight 0. " + q + " sees " + (w.query() + 1) + " keys: itself and the ones before it."
                    : "An encoder reads the whole text at once, so nothing is masked: " + q + " may attend to "
                    + "tokens before and after it. A GPT-style model would set the scores of later tokens to −∞ here.";
            case SOFTMAX -> "Softmax turns scores into weights that are positive and add up to 1. Subtract the "
                    + "row's largest score (" + Numbers.slide(w.rowMax()) + ") so no exponential overflows, take e^(s − max) "
                    + "for every key, and divide each by their sum (" + Numbers.slide(w.expSum()) + "). "
                    + q + " gives " + percent(w.weight(best)) + " of its attention to " + quoted(w.token(best)) + ".";
            case WEIGHTED_SUM -> "The head's output for " + q + " is a blend of the value vectors: each v_j is "
                    + "multiplied by its weight α_j and the results are added up. Keys with tiny weights contribute "
                    + "almost nothing; here " + quoted(w.token(best)) + " contributes most (α = "
                    + Numbers.slide(w.weight(best)) + ").";
            case CONCAT -> "All " + H + " heads of layer " + w.layer() + " ran these same steps side by side, each "
                    + "with its own W_Q, W_K and W_V, so each looks for something different. Their outputs for " + q
                    + " (" + Dh + " numbers each) are laid end to end into one vector of " + (H * Dh)
                    + " numbers; head " + w.head() + "'s part is highlighted.";
            case OUTPUT_PROJECTION -> "W_O mixes what the heads found back into the model's width: the "
                    + (H * Dh) + " concatenated numbers times W_O (" + (H * Dh) + " × " + D + ") plus b_O give the "
                    + "attention output, " + D + " numbers. This is what attention adds to " + q + ".";
            case RESIDUAL -> "Attention does not replace the token's vector, it adds to it: the residual stream after "
                    + "the attention sublayer is x + attention output. "
                    + (w.preNorm()
                    ? "Next the MLP reads a normalised copy of this sum and adds its own output, which completes the block."
                    : "This model then normalises the sum (LayerNorm 1), and that is the vector the MLP reads.");
        };
    }

    /** The key with the largest raw dot product among the ones the query may see. */
    private static int bestRaw(HeadWalk w) {
        int best = -1;
        for (int j = 0; j < w.keyCount(); j++)
            if (!w.masked(w.query(), j) && (best < 0 || w.rawScore(j) > w.rawScore(best))) best = j;
        return best;
    }

    private static String quoted(String token) {
        return "“" + token + "”";
    }

    private static String percent(float weight) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", weight * 100);
    }
}
