package org.attentionlens.families;

import java.io.IOException;
import java.nio.file.Path;

/** The yardstick's checkpoints for tests outside this package: a family case's folder, by the case's name. */
public final class FamilyFolders {
    private FamilyFolders() {
    }

    /** Writes the named case of {@link FamilyCases} (e.g. "qwen3", "phi3", "gemma2-5x") into dir; returns dir. */
    public static Path write(String caseName, Path dir) throws IOException {
        FamilyCheckpoint.write(FamilyCases.named(caseName), dir);
        return dir;
    }
}
