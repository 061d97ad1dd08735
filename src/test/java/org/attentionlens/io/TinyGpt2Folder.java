package org.attentionlens.io;

import java.io.IOException;
import java.nio.file.Path;

/** A tiny random GPT-2 folder in Hugging Face's layout, for tests outside this package (the app's folder flow). */
public final class TinyGpt2Folder {
    /** Positions the tiny model reads. */
    public static final int CONTEXT = TinyGpt2.N;

    private TinyGpt2Folder() {
    }

    public static Path write(Path folder) throws IOException {
        return new TinyGpt2(new TinyGpt2.Layout(true, false, TinyGpt2.Head.TIED, "F32", false), null, 42).write(folder);
    }

    /**
     * A variant: weights in dtype (F32, F16, BF16), in one file or two shards with their index, with vocab.json +
     * merges.txt or a tokenizer.json; untied, bare names, the attn.bias buffers saved as old checkpoints do.
     */
    public static Path write(Path folder, String dtype, boolean sharded, boolean tokenizerJson) throws IOException {
        TinyGpt2 t = new TinyGpt2(new TinyGpt2.Layout(false, true, TinyGpt2.Head.UNTIED, dtype, sharded), null, 43);
        t.write(folder);
        if (tokenizerJson) {
            java.nio.file.Files.delete(folder.resolve("vocab.json"));
            java.nio.file.Files.delete(folder.resolve("merges.txt"));
            t.writeTokenizerJson(folder, true);
        }
        return folder;
    }
}
