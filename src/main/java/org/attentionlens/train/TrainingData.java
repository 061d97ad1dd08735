package org.attentionlens.train;

import org.attentionlens.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The corpus as documents, split into training and validation by whole documents, and tokenized into two
 * streams with {@code <|endoftext|>} after each document. Batches are random windows of T + 1 tokens;
 * a share of them are random token spans repeated to fill the window, which teaches copying (induction).
 */
final class TrainingData {
    private final int[] train; // all training tokens, documents separated by end-of-text
    private final int[] val;   // all validation tokens
    private final int vocab, eot;

    TrainingData(int[] train, int[] val, int vocab, int eot) {
        if (train.length < 2 || val.length < 2)
            throw new IllegalArgumentException("the corpus is too small: " + train.length + " training and "
                    + val.length + " validation tokens");
        this.train = train;
        this.val = val;
        this.vocab = vocab;
        this.eot = eot;
    }

    /** The documents of a corpus: every file under a folder (sorted by path), or a single file's paragraphs. */
    static List<String> readDocuments(Path corpus) {
        try {
            if (Files.isDirectory(corpus)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(corpus)) {
                    files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted().toList();
                }
                List<String> docs = new ArrayList<>();
                for (Path f : files) docs.add(readUtf8(f));
                if (docs.isEmpty()) throw new IllegalArgumentException("no files in corpus folder " + corpus);
                return docs;
            }
            if (!Files.isRegularFile(corpus))
                throw new IllegalArgumentException("no corpus at " + corpus + ": give a UTF-8 text file or a folder of them");
            List<String> docs = new ArrayList<>();
            for (String p : readUtf8(corpus).split("\\n\\s*\\n")) if (!p.isBlank()) docs.add(p.strip() + "\n");
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus " + corpus + ": " + e.getMessage(), e);
        }
    }

    private static String readUtf8(Path f) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(f + " is not UTF-8 text");
        }
    }

    /** Indices of the held-out documents: a seeded choice of max(1, round(fraction · n)) whole documents. */
    static boolean[] holdOut(int documents, double fraction, long seed) {
        if (documents < 2) throw new IllegalArgumentException("the corpus needs at least 2 documents (files or paragraphs) to hold one out for validation");
        int n = Math.max(1, Math.min(documents - 1, (int) Math.round(fraction * documents)));
        int[] order = new int[documents];
        for (int i = 0; i < documents; i++) order[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = documents - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] held = new boolean[documents];
        for (int i = 0; i < n; i++) held[order[i]] = true;
        return held;
    }

    /** Tokenizes every document (end-of-text after each) into the training and the validation stream. */
    static TrainingData tokenize(List<String> docs, boolean[] heldOut, Tokenizer tok) {
        int eot = tok.endOfText().orElseThrow(() -> new IllegalArgumentException("the vocabulary has no <|endoftext|>"));
        List<int[]> encoded = docs.parallelStream().map(d -> tok.encode(d).ids()).toList();
        List<int[]> tr = new ArrayList<>(), va = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) (heldOut[i] ? va : tr).add(encoded.get(i));
        return new TrainingData(join(tr, eot), join(va, eot), tok.vocabSize(), eot);
    }

    private static int[] join(List<int[]> docs, int eot) {
        int n = 0;
        for (int[] d : docs) n += d.length + 1;
        int[] out = new int[n];
        int i = 0;
        for (int[] d : docs) {
            System.arraycopy(d, 0, out, i, d.length);
            i += d.length;
            out[i++] = eot;
        }
        return out;
    }

    int trainTokens() {
        return train.length;
    }

    int valTokens() {
        return val.length;
    }

    /**
     * Fills ids and targets (B·T each) with B random windows; each window is, with probability repeatShare,
     * a random span of 8 … T/2 token ids repeated to fill it.
     */
    void batch(SplittableRandom rnd, int B, int T, double repeatShare, int[] ids, int[] targets) {
        int[] window = new int[T + 1];
        for (int b = 0; b < B; b++) {
            if (rnd.nextDouble() < repeatShare) {
                int span = 8 + rnd.nextInt(Math.max(1, T / 2 - 7));
                int[] s = new int[span];
                for (int i = 0; i < span; i++) s[i] = rnd.nextInt(vocab - 1); // any token but end-of-text
                for (int i = 0; i <= T; i++) window[i] = s[i % span];
            } else {
                int start = rnd.nextInt(Math.max(1, train.length - T));
                for (int i = 0; i <= T; i++) window[i] = train[Math.min(start + i, train.length - 1)];
            }
            System.arraycopy(window, 0, ids, b * T, T);
            System.arraycopy(window, 1, targets, b * T, T);
        }
    }

    /** Up to maxWindows consecutive non-overlapping validation windows, as {ids, targets} of W·T each. */
    int[][] validationWindows(int T, int maxWindows) {
        int W = Math.max(1, Math.min(maxWindows, (val.length - 1) / T));
        int[] ids = new int[W * T], targets = new int[W * T];
        for (int w = 0; w < W; w++)
            for (int t = 0; t < T; t++) {
                int i = Math.min(w * T + t, val.length - 2);
                ids[w * T + t] = val[i];
                targets[w * T + t] = val[i + 1];
            }
        return new int[][]{ids, targets};
    }

    /**
     * The unigram baseline: cross-entropy (nats/token) of the validation tokens under the training tokens'
     * frequencies (add-one smoothed over the vocabulary). A model must beat this to have learned any context.
     */
    double unigramBaseline() {
        long[] counts = new long[vocab];
        for (int t : train) counts[t]++;
        double total = train.length + vocab, nll = 0;
        for (int i = 1; i < val.length; i++) nll -= Math.log((counts[val[i]] + 1) / total);
        return nll / (val.length - 1);
    }

    int endOfText() {
        return eot;
    }
}
