package org.attentionlens.model;

import org.attentionlens.sampling.Probabilities;
import org.attentionlens.sampling.Ranking;
import org.attentionlens.sampling.Sampler;
import org.attentionlens.tokenizer.Tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Autoregressive decoding with a KV cache, one token per step, keeping a record of every step.
 * <p>The prompt runs in one pass and fills the cache; each {@link #step()} draws the next token from the
 * pending logits, runs only that token through the network (T = 1), appends its k and v to the cache and
 * attends its q over every cached key. By default each step is checked against recomputing the whole
 * sequence without a cache. Legend as in {@link ModelSpec}; P positions so far, N context.
 * <p>Not thread-safe: one thread drives a session; the {@link DecodeStep}s it hands out are immutable.
 */
public final class DecodeSession {
    private static final int TOP = 10;

    private final Transformer model;
    private final ModelSpec c;
    private final Tokenizer tokenizer;
    private final Sampler sampler;
    private final boolean check;
    private final int[] stopIds;         // tokens that end the text
    private final int[] prompt;          // (prompt length)
    private final KvCache cache;         // up to N positions
    private int[] ids;                   // (≥ P) the sequence; the first cache.length() are filled
    private final float[][] valueNorms;  // (L)(≥ P, H) ‖v_j W_O^h‖ of every cached position, grown with ids
    private final List<DecodeStep> steps = new ArrayList<>();
    private final long prefillNanos;
    private float[] pending;             // (V) logits for the next token

    /** A session on a loaded model: it stops at the model's end-of-text tokens (generation_config.json's, or the tokenizer's). */
    public DecodeSession(LoadedModel model, int[] prompt, Sampler sampler, boolean check) {
        this(model.transformer(), model.tokenizer(), model.stopIds(), prompt, sampler, check);
    }

    /** A session that stops at the tokenizer's end-of-text token, if it has one. */
    public DecodeSession(Transformer model, Tokenizer tokenizer, int[] prompt, Sampler sampler, boolean check) {
        this(model, tokenizer, tokenizer.endOfText().stream().toArray(), prompt, sampler, check);
    }

    /**
     * Runs the prompt and gets ready to step.
     *
     * @param stopIds tokens after which the session stops (end of text)
     * @param check   whether each step is compared with a full recompute (costs one whole forward pass per step)
     * @throws IllegalArgumentException for an encoder, an empty prompt or one longer than the context
     */
    public DecodeSession(Transformer model, Tokenizer tokenizer, int[] stopIds, int[] prompt, Sampler sampler,
                         boolean check) {
        this.model = model;
        this.c = model.config();
        if (!c.causal())
            throw new IllegalArgumentException(c.id() + " is a bidirectional encoder (" + c.family()
                    + "): every token sees the whole text, so it cannot write text one token at a time. "
                    + "Pick a causal model such as brown-gpt.");
        if (prompt.length == 0) throw new IllegalArgumentException("The prompt is empty: give at least one token.");
        if (prompt.length > c.context())
            throw new IllegalArgumentException("The prompt has " + prompt.length + " tokens but " + c.id()
                    + " sees at most " + c.context() + " positions: shorten it.");
        this.tokenizer = tokenizer;
        this.stopIds = stopIds.clone();
        this.sampler = sampler;
        this.check = check;
        this.prompt = prompt.clone();
        this.cache = new KvCache(c, c.context());
        this.ids = Arrays.copyOf(prompt, Math.min(c.context(), prompt.length + 64));
        this.valueNorms = new float[c.layers()][ids.length * c.heads()];
        long t0 = System.nanoTime();
        pending = run(this.prompt, null);
        prefillNanos = System.nanoTime() - t0;
    }

    public Transformer model() {
        return model;
    }

    /** The prompt's ids (copy). */
    public int[] promptIds() {
        return prompt.clone();
    }

    /** Wall time of the prompt's pass. */
    public long prefillNanos() {
        return prefillNanos;
    }

    /** Every id so far, prompt then generated (copy). */
    public int[] ids() {
        return Arrays.copyOf(ids, cache.length());
    }

    /** The generated ids (copy). */
    public int[] generatedIds() {
        return Arrays.copyOfRange(ids, prompt.length, cache.length());
    }

    /** The generated text, without a final end-of-text token. */
    public String generatedText() {
        int[] gen = generatedIds();
        if (gen.length > 0 && stops(gen[gen.length - 1])) gen = Arrays.copyOf(gen, gen.length - 1);
        return tokenizer.decode(gen);
    }

    private boolean stops(int id) {
        for (int s : stopIds) if (s == id) return true;
        return false;
    }

    /** Positions in the cache. */
    public int length() {
        return cache.length();
    }

    /** Every step so far, oldest first: the timeline. */
    public List<DecodeStep> steps() {
        return List.copyOf(steps);
    }

    /** The latest step, if any. */
    public Optional<DecodeStep> last() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
    }

    /** The logits for the next token (V) copy. */
    public float[] pendingLogits() {
        return pending.clone();
    }

    /** Why the session cannot step, or empty while it can. */
    public Optional<String> stopReason() {
        if (!steps.isEmpty() && stops(last().orElseThrow().tokenId()))
            return Optional.of("stopped at the end-of-text token");
        if (cache.length() >= cache.limit())
            return Optional.of("reached the context limit of " + cache.limit() + " positions");
        return Optional.empty();
    }

    public boolean canStep() {
        return stopReason().isEmpty();
    }

    /** One head's cached keys and values (P, Dh) each, copied, for drawing: the key/value head query head h reads. */
    public KvSnapshot kv(int layer, int head) {
        int P = cache.length(), Dh = c.dHead(), g = c.kvHeadOf(head);
        float[] k = new float[P * Dh], v = new float[P * Dh]; // (P, Dh) each
        for (int j = 0; j < P; j++) {
            System.arraycopy(cache.keys(layer), cache.offset(g, j, Dh), k, j * Dh, Dh);
            System.arraycopy(cache.values(layer), cache.offset(g, j, Dh), v, j * Dh, Dh);
        }
        return new KvSnapshot(layer, head, P, Dh, k, v);
    }

    /** Bytes the cache holds now: 2 · L · Hkv · P · Dh · 4. */
    public long cacheBytes() {
        return cache.bytesUsed();
    }

    /**
     * Draws the next token, runs it with the cache and records the step.
     *
     * @throws IllegalStateException when stopped; the message is {@link #stopReason()}
     */
    public DecodeStep step() {
        Optional<String> stop = stopReason();
        if (stop.isPresent()) throw new IllegalStateException("Cannot step: " + stop.get() + ".");
        int index = steps.size(), position = cache.length(), Tk = position + 1;
        double[] sampled = sampler.distribution(pending); // (V)
        int token = sampler.pick(sampled, index);
        double[] p = Probabilities.softmax(pending);       // (V) model probabilities
        List<TokenChoice> top = new ArrayList<>();
        for (int id : Ranking.top(p, TOP)) top.add(choice(id, p, sampled));

        if (position == ids.length) grow();
        ids[position] = token;
        StepRecorder rec = new StepRecorder();
        long t0 = System.nanoTime();
        float[] logits = run(new int[]{token}, rec);
        long nanos = System.nanoTime() - t0;

        List<List<HeadStep>> heads = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            List<HeadStep> layer = new ArrayList<>();
            for (int h = 0; h < c.heads(); h++) layer.add(rec.head(l, h, Tk));
            heads.add(layer);
        }
        double logitsDiff = Double.NaN, attentionDiff = Double.NaN;
        if (check) {
            Recompute full = new Recompute();
            model.forward(Arrays.copyOf(ids, Tk), full);
            logitsDiff = maxAbsDiff(logits, full.logits);
            attentionDiff = 0;
            for (int l = 0; l < c.layers(); l++)
                for (int h = 0; h < c.heads(); h++) {
                    attentionDiff = Math.max(attentionDiff, maxAbsDiff(rec.scores[l][h], full.scores[l][h]));
                    attentionDiff = Math.max(attentionDiff, maxAbsDiff(rec.weights[l][h], full.weights[l][h]));
                }
        }
        DecodeStep step = new DecodeStep(index, token, text(token), position, Tk, choice(token, p, sampled), top,
                heads, logitsDiff, attentionDiff, DecodeCost.cachedStep(c, Tk), DecodeCost.recompute(c, Tk),
                cache.bytesUsed(), nanos);
        steps.add(step);
        pending = logits;
        return step;
    }

    /**
     * Undoes the last step: its token leaves the cache and its record is dropped; earlier records stay.
     * The logits before it are rebuilt by re-running the token before it over the same cache, which gives
     * the same numbers, so stepping again draws the same token.
     *
     * @throws IllegalStateException when only the prompt is left
     */
    public void stepBack() {
        if (steps.isEmpty()) throw new IllegalStateException("Nothing to step back: only the prompt is left.");
        steps.remove(steps.size() - 1);
        int previous = cache.length() - 2; // the position whose logits chose the dropped token
        cache.truncate(previous);
        pending = run(new int[]{ids[previous]}, null);
    }

    /** Room for twice as many positions (up to the context) in ids and the value norms. */
    private void grow() {
        int n = Math.min(c.context(), 2 * ids.length);
        ids = Arrays.copyOf(ids, n);
        for (int l = 0; l < c.layers(); l++) valueNorms[l] = Arrays.copyOf(valueNorms[l], n * c.heads());
    }

    /** Runs ids at the next positions with the cache; records value norms; returns the last logits. */
    private float[] run(int[] newIds, StepRecorder rec) {
        ForwardObserver obs = rec != null ? rec : new NormsRecorder();
        return model.forward(newIds, cache, obs).logitsLast();
    }

    private TokenChoice choice(int id, double[] p, double[] sampled) {
        return new TokenChoice(id, text(id), p[id], sampled[id]);
    }

    private String text(int id) {
        return tokenizer.decode(new int[]{id});
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((double) a[i] - b[i]));
        return max;
    }

    /** Keeps ‖v_j W_O^h‖ of the new positions in {@link #valueNorms}. */
    private class NormsRecorder implements ForwardObserver {
        @Override
        public boolean wantsValueNorms(int layer) {
            return true;
        }

        @Override
        public void onValueNorms(int layer, float[] norms, int pos0, int T) { // norms (H, T) → valueNorms (P, H)
            int H = c.heads();
            for (int h = 0; h < H; h++)
                for (int t = 0; t < T; t++) valueNorms[layer][(pos0 + t) * H + h] = norms[h * T + t];
        }
    }

    /** Everything a step keeps about its one new token (T = 1). */
    private final class StepRecorder extends NormsRecorder {
        final float[][] q = new float[c.layers()][], k = new float[c.layers()][], v = new float[c.layers()][];
        final float[][] out = new float[c.layers()][];                              // (L)(H·Dh)
        final float[][][] scores = new float[c.layers()][c.heads()][];              // (L)(H)(Tk)
        final float[][][] weights = new float[c.layers()][c.heads()][];             // (L)(H)(Tk)

        @Override
        public boolean wantsHeadMatrices(int layer) {
            return true;
        }

        @Override
        public void onQkv(int layer, float[] q, float[] k, float[] v, int pos0, int T) {
            this.q[layer] = q.clone();
            this.k[layer] = k.clone();
            this.v[layer] = v.clone();
        }

        @Override
        public void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
            this.scores[layer][head] = Arrays.copyOf(scores, Tk);
            this.weights[layer][head] = Arrays.copyOf(weights, Tk);
        }

        @Override
        public void onAttentionOutput(int layer, float[] heads, int T) {
            out[layer] = heads.clone();
        }

        HeadStep head(int l, int h, int Tk) {
            int Dh = c.dHead(), g = c.kvHeadOf(h), H = c.heads();
            float[] norms = new float[Tk]; // (Tk)
            for (int j = 0; j < Tk; j++) norms[j] = valueNorms[l][j * H + h];
            return new HeadStep(Arrays.copyOfRange(q[l], h * Dh, (h + 1) * Dh),
                    Arrays.copyOfRange(k[l], g * Dh, (g + 1) * Dh), Arrays.copyOfRange(v[l], g * Dh, (g + 1) * Dh),
                    scores[l][h], weights[l][h], Arrays.copyOfRange(out[l], h * Dh, (h + 1) * Dh), norms);
        }
    }

    /** The last query row of every head, and the logits, from a pass over the whole sequence without cache. */
    private final class Recompute implements ForwardObserver {
        final float[][][] scores = new float[c.layers()][c.heads()][];  // (L)(H)(Tk)
        final float[][][] weights = new float[c.layers()][c.heads()][]; // (L)(H)(Tk)
        float[] logits;                                                  // (V)

        @Override
        public boolean wantsHeadMatrices(int layer) {
            return true;
        }

        @Override
        public void onHead(int layer, int head, float[] scores, float[] weights, int pos0, int T, int Tk) {
            this.scores[layer][head] = Arrays.copyOfRange(scores, (T - 1) * Tk, T * Tk);
            this.weights[layer][head] = Arrays.copyOfRange(weights, (T - 1) * Tk, T * Tk);
        }

        @Override
        public void onLogits(float[] logits) {
            this.logits = logits.clone();
        }
    }
}
