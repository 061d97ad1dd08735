package org.attentionlens.families;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The yardstick's checkpoint folders for tests elsewhere (robot tests open them through the real loader) and for
 * looking at a family in the window: {@code FamilyFolders CASE DIR} writes case CASE (see {@link FamilyCases}, e.g.
 * "mistral-sliding": 4 query heads over 2 key/value heads, a window of 8) into DIR. No tokenizer: they run typed ids.
 */
public final class FamilyFolders {
    private FamilyFolders() {
    }

    /** Writes the named case's folder (config.json, weights, generation_config.json) and returns it. */
    public static Path write(String caseName, Path dir) throws IOException {
        FamilyCheckpoint.write(FamilyCases.named(caseName), dir);
        return dir;
    }

    public static void main(String[] args) throws IOException {
        System.out.println(write(args[0], Path.of(args[1])).toAbsolutePath());
    }
}
