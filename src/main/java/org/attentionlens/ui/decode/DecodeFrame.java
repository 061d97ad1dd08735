package org.attentionlens.ui.decode;

import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.HeadStep;
import org.attentionlens.model.KvSnapshot;
import org.attentionlens.model.ModelSpec;
import org.attentionlens.model.TokenChoice;

import java.util.List;

/**
 * What the decode tab shows for one moment of a session and the selected head: the cache as it was then, the
 * new token's q, scores, weights and output, and the distribution its token was drawn from. Legend: P cached
 * positions, Dh head width.
 *
 * @param step    the step shown, or null right after the prefill
 * @param tokens  (P) display text of every cached position
 * @param kv      the head's cache: P rows of K and V (of the key/value head it reads)
 * @param caches  (Hkv) every key/value head's cache in this layer, P rows each: what the model keeps (under
 *                grouped-query attention fewer than the query heads, each read by a group of them)
 * @param reused  rows that were already cached before this step (P − 1 for a step; 0 after the prefill, which
 *                computed every row in one pass)
 * @param head    what the head did for the new token; null after the prefill (no new token yet)
 * @param top     the ten most likely tokens of the draw (this step's, or the next one's after the prefill)
 * @param chosen  the token drawn, or null after the prefill
 */
public record DecodeFrame(int layer, int headIndex, DecodeStep step, String[] tokens, KvSnapshot kv,
                          List<KvSnapshot> caches, int reused, HeadStep head, List<TokenChoice> top, TokenChoice chosen,
                          DecodeCounters counters, ModelSpec spec) {

    public DecodeFrame {
        top = List.copyOf(top);
        caches = List.copyOf(caches);
    }

    /** The key/value head the shown query head reads. */
    public int kvHead() {
        return spec.kvHeadOf(headIndex);
    }

    public int positions() {
        return kv.positions();
    }

    public boolean afterPrefill() {
        return step == null;
    }

    /** The row computed in this step (highlighted), or -1 after the prefill. */
    public int newRow() {
        return step == null ? -1 : positions() - 1;
    }
}
