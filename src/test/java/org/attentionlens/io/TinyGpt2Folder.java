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
}
