package org.attentionlens.ui.lecture;

import org.attentionlens.analysis.RopeDecomposition;
import org.attentionlens.model.AttentionSpec;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.RopeSpec;
import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.ui.common.AttentionText;
import org.attentionlens.ui.common.Numbers;

import java.util.Locale;

/**
 * The stage titles and one-paragraph plain-language captions, filled with this walk's tokens and numbers and worded
 * for the model's own recipe: its norm, its q/k biases, QK-norm, RoPE and its scaling, grouped-query sharing, the
 * layer's window, the soft-cap and the kind of MLP that follows.
 */
final class Captions {
    private Captions() {
    }

    static String title(LectureStage stage, HeadWalk w) {
        ModelSpec c = w.config();
        if (stage == LectureStage.MASK && !c.causal()) return "No mask in an encoder";
        if (stage == LectureStage.MASK && w.mask().windowed()) return "Causal mask and sliding window";
        if (stage == LectureStage.SCALE && Math.abs(c.attention().scale() * Math.sqrt(c.dHead()) - 1) > 1e-6)
            return "Scale the scores";
        if (stage == LectureStage.SHARED_KV && c.kvHeads() == 1) return "One key/value head for all (MQA)";
        return stage.title();
    }

    static String caption(LectureStage stage, HeadWalk w) {
        ModelSpec c = w.config();
        String q = quoted(w.token(w.query())), k = quoted(w.token(w.key()));
        int D = c.dModel(), Dh = c.dHead(), H = c.heads();
        int best = w.strongestKey();
        String norm = c.norm().label();
        return switch (stage) {
            case INPUT -> (w.decode()
                    ? "In a decode step only the new token " + q + " runs through the model: its " + D
                    + " numbers are the only row computed now. "
                    : "Each token enters layer " + w.layer() + " as a vector of " + D + " numbers: the residual stream, "
                    + (w.layer() == 0 ? layerZero(c) : "which carries everything the earlier layers wrote into it. "))
                    + (w.preNorm()
                    ? "The head reads each row normalised (" + normWords(c) + "). "
                    : "This model normalises after each sublayer, so the head reads these rows as they are. ")
                    + "We follow " + q + ", the highlighted row.";
            case PROJECTIONS -> "Three learned matrices turn each row into a query (what the token looks for), a key "
                    + "(what it can be found by) and a value (what it hands over), " + Dh + " numbers each for head "
                    + w.head() + ": " + (w.qkvBias() ? "q = x·W_Q + b_Q. " : "q = x·W_Q (this model has no biases here). ")
                    + (c.kvHeads() < H ? "Its key and value come from key/value head " + w.kvHead() + ", which "
                    + AttentionText.queryHeads(c, w.kvHead()) + " share. " : "")
                    + (w.decode()
                    ? "Only the new token is projected now; the keys and values of the " + w.firstComputed()
                    + " earlier tokens come from the KV cache, as earlier steps computed them."
                    : "Every token gets its own q, k and v from the same matrices.");
            case QK_NORM -> qkNorm(w);
            case ROPE -> rope(w);
            case SHARED_KV -> sharedKv(w);
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
            case SCALE -> (Math.abs(c.attention().scale() * Math.sqrt(Dh) - 1) < 1e-6
                    ? "Dot products of long vectors grow with their length, which would make softmax pick one "
                    + "winner too eagerly. Dividing by √" + Dh + " = " + Numbers.slide(w.scaleDivisor())
                    + " keeps the scores where softmax can still spread attention: "
                    : "This model divides by its own constant, " + Numbers.slide(w.scaleDivisor())
                    + " (its query_pre_attn_scalar's square root, not √" + Dh + "), to keep scores where softmax can "
                    + "still spread attention: ")
                    + Numbers.slide(w.rawScore(w.key())) + " ÷ " + Numbers.slide(w.scaleDivisor()) + " = "
                    + Numbers.slide(w.scoreBeforeCap(w.key())) + ".";
            case SOFTCAP -> softcap(w);
            case MASK -> mask(w);
            case SOFTMAX -> "Softmax turns scores into weights that are positive and add up to 1. Subtract the "
                    + "row's largest score (" + Numbers.slide(w.rowMax()) + ") so no exponential overflows, take e^(s − max) "
                    + "for every key, and divide each by their sum (" + Numbers.slide(w.expSum()) + "). "
                    + q + " gives " + percent(w.weight(best)) + " of its attention to " + quoted(w.token(best)) + ".";
            case WEIGHTED_SUM -> "The head's output for " + q + " is a blend of the value vectors: each v_j is "
                    + "multiplied by its weight α_j and the results are added up. Keys with tiny weights contribute "
                    + "almost nothing; here " + quoted(w.token(best)) + " contributes most (α = "
                    + Numbers.slide(w.weight(best)) + ").";
            case CONCAT -> "All " + H + " heads of layer " + w.layer() + " ran these same steps side by side, each "
                    + "with its own W_Q" + (c.kvHeads() < H ? " (and, per group, W_K and W_V)" : ", W_K and W_V")
                    + ", so each looks for something different. Their outputs for " + q
                    + " (" + Dh + " numbers each) are laid end to end into one vector of " + (H * Dh)
                    + " numbers; head " + w.head() + "'s part is highlighted.";
            case OUTPUT_PROJECTION -> "W_O mixes what the heads found back into the model's width: the "
                    + (H * Dh) + " concatenated numbers times W_O (" + (H * Dh) + " × " + D + ")"
                    + (c.attention().outputBias() ? " plus b_O" : "") + " give the attention output, " + D
                    + " numbers" + (c.residual().normAfter() ? ", normalised once more (" + norm + ") before it is added" : "")
                    + ". This is what attention adds to " + q + ".";
            case RESIDUAL -> "Attention does not replace the token's vector, it adds to it: the residual stream after "
                    + "the attention sublayer is x + attention output. "
                    + switch (c.residual()) {
                case POST_NORM -> "This model then normalises the sum (LayerNorm 1), and that is the vector the " + mlp(c) + " reads.";
                case PARALLEL -> "In this model the " + mlp(c) + " read the same x in parallel with attention, and both "
                        + "outputs are added at once.";
                default -> "Next the " + mlp(c) + " reads a normalised (" + norm + ") copy of this sum and adds its own "
                        + "output, which completes the block.";
            };
        };
    }

    private static String layerZero(ModelSpec c) {
        if (c.embedding().learnedPositions())
            return c.embedding().typeVocab() > 0 ? "here the token's embedding plus those of its position and token type, normalised. "
                    : "here the token's embedding plus its position's embedding. ";
        return "here the token's embedding alone: this model adds no position vector, its positions enter by "
                + (c.rotary() ? "rotating q and k (RoPE, below). " : "the mask. ");
    }

    /** How the model's norm works, in words. */
    private static String normWords(ModelSpec c) {
        return c.norm().rms() ? "RMSNorm: divided by its root mean square, then scaled"
                : "LayerNorm 1: mean 0, steady size";
    }

    /** "MLP (SwiGLU: down(SiLU(gate·x) ⊙ up·x))" and the like. */
    private static String mlp(ModelSpec c) {
        return c.mlp().gated() ? "MLP (" + c.mlp().label() + ": a gate times an up-projection, then down)"
                : "MLP (" + c.mlp().label() + ")";
    }

    private static String qkNorm(HeadWalk w) {
        float[][] q = w.queryNorm();
        boolean perHead = w.config().attention().qkNorm() == AttentionSpec.QkNorm.PER_HEAD;
        return "Before q and k meet, this model normalises them (" + w.config().norm().label() + (perHead
                ? " over each head's " + w.config().dHead() + " numbers" : " over all heads' numbers together")
                + ", with learned scales), so no head's scores can grow without bound as training goes on: "
                + quoted(w.token(w.query())) + "'s q had size " + Numbers.slide(norm(q[0])) + " and now "
                + Numbers.slide(norm(q[1])) + ". Its key gets the same treatment.";
    }

    private static String rope(HeadWalk w) {
        RopeDecomposition r = StagePanels.rope(w);
        RopeSpec spec = r.rope();
        int P = r.pairCount();
        double[] fs = r.fastAndSlow(w.keyCount());
        String scaling = switch (spec.scaling()) {
            case "default" -> "";
            case "longrope" -> " LongRoPE divides each pair's ω by its own factor to stretch the context.";
            default -> " " + spec.scaling() + " scaling (×" + AttentionText.number(spec.factor()) + ") slows the slow pairs down further, "
                    + "so positions far beyond training still turn less than once.";
        };
        return "This model marks position by turning q and k rather than adding a position vector: pair p of the "
                + P + " pairs" + (spec.rotary() < w.config().dHead() ? " (the first " + spec.rotary() + " of "
                + w.config().dHead() + " numbers; the rest stay put)" : "") + " is turned by position × ω_p. Then q·k "
                + "depends on the distance " + w.query() + " − " + w.key() + " = " + r.distance() + ": fast pairs "
                + "swing with every step and say where a key is, slow pairs barely turn and say what it is. Here the "
                + "fast pairs add " + Numbers.slide(fs[0]) + " and the slow ones " + Numbers.slide(fs[1]) + "." + scaling;
    }

    private static String sharedKv(HeadWalk w) {
        ModelSpec c = w.config();
        int H = c.heads(), Hkv = c.kvHeads();
        long perToken = 2L * c.layers() * Hkv * c.dHead() * Float.BYTES, full = perToken / Hkv * H;
        return (Hkv == 1 ? "All " + H + " query heads of this model read one key/value head (multi-query attention). "
                : "This model has " + H + " query heads but only " + Hkv + " key/value heads (grouped-query attention): "
                + AttentionText.queryHeads(c, w.kvHead()) + " all score against the same keys and blend the same values. ")
                + "Each head still asks its own question (its own q), but the cache keeps only " + Hkv + " K and V per "
                + "layer: " + Numbers.bytes(perToken) + " per token over all " + c.layers() + " layers instead of "
                + Numbers.bytes(full) + " with one per query head, " + H / Hkv + "× less memory to hold and read at "
                + "every decode step.";
    }

    private static String softcap(HeadWalk w) {
        float cap = w.config().attention().softcap();
        int j = bestRaw(w);
        return "This model squeezes every score s through cap·tanh(s/cap) with cap = " + AttentionText.number(cap)
                + ": small scores pass almost unchanged, large ones flatten towards ±"
                + AttentionText.number(cap) + ", so no single key can take all the attention. "
                + quoted(w.token(j)) + ": " + Numbers.slide(w.scoreBeforeCap(j)) + " becomes " + Numbers.slide(w.score(j)) + ".";
    }

    private static String mask(HeadWalk w) {
        String q = quoted(w.token(w.query()));
        ModelSpec c = w.config();
        if (!c.causal())
            return "An encoder reads the whole text at once, so nothing is masked: " + q + " may attend to "
                    + "tokens before and after it. A GPT-style model would set the scores of later tokens to −∞ here.";
        String s = "A causal model must not peek ahead: when it predicts what follows " + q
                + ", the later tokens do not exist yet. Scores of keys after the query are set to −∞, so they "
                + "will get weight 0. ";
        int first = w.mask().first(w.query()), seen = w.query() + 1 - first;
        if (!w.mask().windowed() || first == 0)
            return s + q + " sees " + (w.query() + 1) + " keys: itself and the ones before it."
                    + (w.mask().windowed() ? " This layer also has a sliding window of " + w.mask().window()
                    + " tokens, which does not reach back this far yet." : "");
        return s + "This layer also looks back only " + w.mask().window() + " tokens (a sliding window): the "
                + first + " keys before that are hidden too, though they are still in the cache. " + q + " sees "
                + seen + " keys.";
    }

    /** The key with the largest raw dot product among the ones the query may see. */
    private static int bestRaw(HeadWalk w) {
        int best = -1;
        for (int j = 0; j < w.keyCount(); j++)
            if (!w.masked(w.query(), j) && (best < 0 || w.rawScore(j) > w.rawScore(best))) best = j;
        return best;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    private static String quoted(String token) {
        return "“" + token + "”";
    }

    private static String percent(float weight) {
        return String.format(Locale.ROOT, "%.0f%%", weight * 100);
    }
}
