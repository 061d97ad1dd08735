package org.attentionlens.ui.lecture;

import org.attentionlens.model.walk.DecodeStepCapture;
import org.attentionlens.model.walk.HeadWalk;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.DecodeSession;
import org.attentionlens.model.DecodeStep;
import org.attentionlens.model.HeadMatrices;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;

import java.util.Arrays;

/**
 * What a lecture walks through: a model, the text, and either the whole text's pass or one decode step.
 * Building one runs the model, so do it off the FX thread; the view model then only picks heads from it.
 *
 * @param trace  the whole text's pass
 * @param decode the decode step, or null for a whole-text walk
 */
public record LectureSource(LoadedModel model, String text, AttentionTrace trace, DecodeStepCapture decode) {

    /** The whole text's pass, already run (e.g. the app's current trace). */
    public static LectureSource of(LoadedModel model, String text, AttentionTrace trace) {
        return new LectureSource(model, text, trace, null);
    }

    /** Runs the model over text. */
    public static LectureSource run(LoadedModel model, String text) {
        return of(model, text, AttentionTrace.capture(model.transformer(), tokenize(model, text)));
    }

    /**
     * Runs the model over text, then replays token {@code prefix} as a decode step over a cache of the tokens
     * before it (a negative prefix counts from the end: -1 = the last token). The full pass stays available so
     * the step can be compared with it.
     */
    public static LectureSource runDecode(LoadedModel model, String text, int prefix) {
        LectureSource full = run(model, text);
        int T = full.trace.length();
        return new LectureSource(model, text, full.trace,
                DecodeStepCapture.run(model.transformer(), full.trace.tokens(), prefix < 0 ? T + prefix : prefix));
    }

    /**
     * One step of the app's decode session, walked: the prompt and the tokens generated before the step are the
     * cache, the step's token is the new one. The numbers are the step's own (same kernels, same cached path; a
     * test checks them bit for bit). The text saved with a session is the decoded ids, which a byte-level BPE
     * tokenizer encodes back to the same ids.
     */
    public static LectureSource ofDecodeStep(LoadedModel model, DecodeSession session, DecodeStep step) {
        int[] ids = Arrays.copyOf(session.ids(), step.position() + 1);
        String[] display = new String[ids.length];
        for (int t = 0; t < ids.length; t++) display[t] = model.tokenizer().displayToken(ids[t]);
        Tokens tokens = new Tokens(ids, new int[ids.length], new int[ids.length], display);
        return new LectureSource(model, model.tokenizer().decode(ids),
                AttentionTrace.capture(model.transformer(), tokens),
                DecodeStepCapture.run(model.transformer(), tokens, step.position()));
    }

    private static Tokens tokenize(LoadedModel model, String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("The lecture needs some text to run.");
        Tokens tokens = model.tokenizer().encode(text);
        int limit = model.config().context();
        return tokens.size() > limit ? tokens.head(limit) : tokens;
    }

    public boolean isDecode() {
        return decode != null;
    }

    /** Tokens the walk can use as queries: all of the text, or just the new one in a decode step. */
    public int tokenCount() {
        return isDecode() ? decode.prefix() + 1 : trace.length();
    }

    /** The key that query token {@code query} of head (layer, head) weights most (the new token's in a decode step). */
    public int strongestKey(int layer, int head, int query) {
        float[] row;
        if (isDecode()) {
            row = decode.weights(layer, head);
        } else {
            HeadMatrices m = trace.head(layer, head);
            row = java.util.Arrays.copyOfRange(m.weights(), query * m.T(), (query + 1) * m.T());
        }
        int best = 0;
        for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
        return best;
    }

    /** The walk of one head; in a decode step the query is always the new token. */
    public HeadWalk walk(int layer, int head, int query, int key) {
        return isDecode() ? decode.walk(layer, head, key) : HeadWalk.fromTrace(trace, layer, head, query, key);
    }

    /**
     * For a decode step, the largest |Δ| between the step's scores and weights for the walked head and the full
     * pass's row of the same token: the cache changes how much is computed, not the result. NaN otherwise.
     */
    public double recomputeDifference(HeadWalk w) {
        if (!isDecode()) return Double.NaN;
        HeadMatrices m = trace.head(w.layer(), w.head());
        double max = 0;
        for (int j = 0; j < w.keyCount(); j++) {
            max = Math.max(max, Math.abs((double) w.score(j) - m.score(w.query(), j)));
            max = Math.max(max, Math.abs((double) w.weight(j) - m.weight(w.query(), j)));
        }
        return max;
    }
}
