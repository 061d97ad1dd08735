package org.attentionlens.tokenizer;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.google.gson.JsonObject;

import java.io.ByteArrayInputStream;
import java.lang.ref.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer.json run by the Hugging Face {@code tokenizers} library (the Rust code transformers
 * uses, through DJL's binding), so every model folder tokenizes exactly as transformers does: byte-level BPE
 * (GPT-2, Llama 3, Qwen2), SentencePiece-style BPE with byte fallback (Llama 2, Mistral, Gemma, Phi-3), WordPiece
 * (BERT), Unigram, added and special tokens, and the post-processor's template (BOS, [CLS] … [SEP], &lt;s&gt; … &lt;/s&gt;).
 * This class is glue: token spans from code points to Java chars, readable strings for the vocabulary
 * ({@link Vocabulary}), and ids past the tokenizer's vocabulary (real checkpoints pad their embedding, e.g. Pythia
 * has 50304 rows for 50277 tokens) shown as "&lt;id N&gt;" instead of failing. Legend: T tokens.
 */
public final class HfTokenizer implements Tokenizer {
    /**
     * DJL truncates at 512 tokens and pads unless told not to; transformers' tokenizer() does neither. The
     * tokenizer.json's own truncation and padding sections (MiniLM's ship both at 128) are switched off too.
     */
    private static final Map<String, String> OPTIONS = Map.of("truncation", "false", "padding", "false",
            "addSpecialTokens", "true");
    /** Text that meets every part of a tokenizer once: words, accents, CJK, an emoji, a control, an unknown symbol. */
    private static final String PROBE = "The cat sat. Naïve café 日本語 😀 \u0000 \uE000 ⍼";
    /** End-of-text names when tokenizer_config.json does not give eos_token, in this order. */
    private static final String[] END_OF_TEXT = {"<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eot_id|>"};

    static {
        // DJL pings an AWS telemetry endpoint on every new tokenizer unless opted out; the app works offline.
        if (System.getProperty("OPT_OUT_TRACKING") == null) System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final HuggingFaceTokenizer library;
    private final Vocabulary vocab;
    private final OptionalInt endOfText;

    private HfTokenizer(HuggingFaceTokenizer library, Vocabulary vocab, OptionalInt endOfText) {
        this.library = library;
        this.vocab = vocab;
        this.endOfText = endOfText;
    }

    /** A tokenizer.json's text, without tokenizer_config.json. */
    public static HfTokenizer of(String tokenizerJson) {
        return read("tokenizer.json", tokenizerJson, null);
    }

    /**
     * A tokenizer.json's text with the optional tokenizer_config.json's (null if the folder has none), which may
     * name the end-of-text token.
     *
     * @param file the name to use for the tokenizer.json in messages
     * @throws IllegalArgumentException one line naming the file and what is wrong with it
     * @throws IllegalStateException    if the library's native code cannot be loaded on this machine
     */
    public static HfTokenizer read(String file, String tokenizerJson, String configJson) {
        JsonObject root = FileProblems.parseWithoutMerges(tokenizerJson, file);
        Vocabulary vocab = Vocabulary.of(root, file);
        UnsafeSettings.check(root, tokenizerJson, file, vocab);
        JsonObject config = configJson == null ? null : FileProblems.parseObject(configJson, "tokenizer_config.json");
        HuggingFaceTokenizer library;
        try {
            library = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)), OPTIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        } catch (EngineException | LinkageError e) {
            throw new IllegalStateException("The Hugging Face tokenizers library could not load its native code on "
                    + "this machine (it unpacks it into ~/.djl.ai, or DJL_CACHE_DIR if set): " + rootCause(e), e);
        } catch (RuntimeException e) {
            throw FileProblems.rejected(file, e);
        }
        try { // some settings fail only when text meets them (WordPiece without its [UNK]): found now, not later
            library.encode(PROBE);
        } catch (RuntimeException e) {
            library.close();
            throw FileProblems.rejected(file, e);
        }
        // the options are strings DJL parses; a version that read them differently would cut texts at 512 tokens
        if (!library.getTruncation().equals("DO_NOT_TRUNCATE") || !library.getPadding().equals("DO_NOT_PAD"))
            throw new IllegalStateException("DJL's tokenizer kept truncation " + library.getTruncation()
                    + " and padding " + library.getPadding() + " although both were switched off");
        return new HfTokenizer(library, vocab, endOfText(vocab, config));
    }

    /** tokenizer_config.json's eos_token when the vocabulary has it, else the first of {@link #END_OF_TEXT} it has. */
    private static OptionalInt endOfText(Vocabulary vocab, JsonObject config) {
        String eos = config == null ? null : JsonFields.token(config, "eos_token", null);
        OptionalInt named = eos == null ? OptionalInt.empty() : vocab.firstOf(eos);
        return named.isPresent() ? named : vocab.firstOf(END_OF_TEXT);
    }

    /*
     * DJL frees the native tokenizer in the finalizer of its Java object. Once a native call has read the handle, the
     * JIT may consider that object (and this one) dead and the finalizer may free the tokenizer while the call still
     * runs on it (seen as "double free or corruption" when a closed model's tokenizer was collected during a pass):
     * every call into the library keeps this wrapper reachable until it returns.
     */
    private Encoding libraryEncode(String text) {
        try {
            return library.encode(text);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private String libraryDecode(long[] ids) {
        try {
            return library.decode(ids, true);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Tokens with the post-processor's special tokens. Spans are Java char indices; a special token gets an empty
     * span where the text around it is: at its own start if the library gives one, else after the previous token.
     */
    @Override
    public Tokens encode(String text) {
        Encoding e = libraryEncode(wellFormed(text));
        long[] libIds = e.getIds(), specialMask = e.getSpecialTokenMask(); // (T)
        CharSpan[] spans = e.getCharTokenSpans();                          // (T) in code points, null for specials
        int[] charOf = charIndexOfCodePoint(text);
        int T = libIds.length;
        int[] ids = new int[T], start = new int[T], end = new int[T];
        String[] display = new String[T];
        int previousEnd = 0;
        for (int t = 0; t < T; t++) {
            ids[t] = Math.toIntExact(libIds[t]);
            CharSpan s = spans[t];
            boolean special = s == null || specialMask[t] == 1;
            if (special) {
                start[t] = end[t] = s == null ? previousEnd : at(charOf, s.getStart(), text);
            } else {
                start[t] = at(charOf, s.getStart(), text);
                end[t] = at(charOf, s.getEnd(), text);
            }
            // The library's spans are trusted only as far as they make sense: some settings it accepts (an
            // end_of_word_suffix on a SentencePiece BPE) give spans past the text or out of order.
            if (t > 0) {
                start[t] = Math.max(start[t], start[t - 1]);
                end[t] = Math.max(end[t], end[t - 1]);
            }
            end[t] = Math.max(end[t], start[t]);
            if (!special) previousEnd = end[t];
            display[t] = displayToken(ids[t]);
        }
        return new Tokens(ids, start, end, display);
    }

    /**
     * The text with each unpaired surrogate replaced by U+FFFD, one char for one, so spans keep their places. The
     * library gets text through JNI, which turns a string with one unpaired surrogate wholesale into replacement
     * bytes (every emoji then counts six), and its spans no longer fit the text.
     */
    private static String wellFormed(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
            else if (Character.isSurrogate(c)) {
                if (chars == null) chars = text.toCharArray();
                chars[i] = '\uFFFD';
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** (code points + 1) char index where each code point starts, or null when every char is one code point. */
    private static int[] charIndexOfCodePoint(String text) {
        int n = text.codePointCount(0, text.length());
        if (n == text.length()) return null;
        int[] charOf = new int[n + 1];
        for (int cp = 0, i = 0; cp < n; cp++) {
            charOf[cp] = i;
            i += Character.charCount(text.codePointAt(i));
        }
        charOf[n] = text.length();
        return charOf;
    }

    /** The char index where a code point starts; a span past the text ends at the text's end. */
    private static int at(int[] charOf, int codePoint, String text) {
        int limit = charOf == null ? text.length() : charOf.length - 1; // code points in the text
        int cp = Math.max(0, Math.min(codePoint, limit));
        return charOf == null ? cp : charOf[cp];
    }

    /**
     * The text of ids with special tokens skipped (transformers' {@code decode(ids, skip_special_tokens=True)}), so
     * decode(encode(text).ids()) gives the text back without BOS or [CLS]. Ids the vocabulary lacks show as
     * "&lt;id N&gt;" where their neighbours' text meets.
     */
    @Override
    public String decode(int[] ids) {
        long[] known = Arrays.stream(ids).filter(vocab::has).asLongStream().toArray();
        String text = libraryDecode(known);
        if (known.length == ids.length) return text;
        StringBuilder out = new StringBuilder();
        int done = 0, k = 0; // chars of text written; known ids before the current id
        for (int id : ids) {
            if (vocab.has(id)) {
                k++;
                continue;
            }
            // the known ids before this one decode to a prefix of the whole text, unless a char is split here
            String before = libraryDecode(Arrays.copyOf(known, k));
            int at = done;
            while (at < Math.min(before.length(), text.length()) && before.charAt(at) == text.charAt(at)) at++;
            out.append(text, done, at).append(TokenText.ofId(id));
            done = at;
        }
        return out.append(text, done, text.length()).toString();
    }

    @Override
    public String rawToken(int id) {
        return vocab.has(id) ? vocab.entry(id) : TokenText.ofId(id);
    }

    /** Byte-level bytes decoded with a space as "␣", "▁" as "␣", byte pieces readable, "##" dropped, specials as stored. */
    @Override
    public String displayToken(int id) {
        return vocab.has(id) ? vocab.display(id) : TokenText.ofId(id);
    }

    /** Plain text for scripts (" cat"); WordPiece pieces and special tokens as stored ("##ing", "[CLS]"). */
    @Override
    public String tokenString(int id) {
        return vocab.has(id) ? vocab.plain(id) : TokenText.ofId(id);
    }

    /** The tokenizer's own size: largest id + 1 over its vocabulary and added tokens. */
    @Override
    public int vocabSize() {
        return vocab.size();
    }

    /**
     * The end-of-text token: tokenizer_config.json's eos_token when given and in the vocabulary, else the first of
     * &lt;|endoftext|&gt;, &lt;|end_of_text|&gt;, &lt;/s&gt;, &lt;eos&gt;, &lt;|eot_id|&gt; the vocabulary has; empty
     * for an encoder's vocabulary such as BERT's.
     */
    @Override
    public OptionalInt endOfText() {
        return endOfText;
    }

    private static String rootCause(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }
}
