package org.attentionlens.io;

import org.attentionlens.io.hf.HfConfig;
import org.attentionlens.tokenizer.Tokenizer;

import java.util.stream.IntStream;

/** The tokens that end a generated text: generation_config.json's eos_token_id (one or several), else config.json's, else the tokenizer's. */
final class GenerationConfig {
    static final String FILE = "generation_config.json";

    private GenerationConfig() {
    }

    static int[] stopIds(ModelSource src, HfConfig config, Tokenizer tokenizer) throws ModelLoadException {
        int[] ids = new int[0];
        if (src.has(FILE)) ids = HfConfig.parse(src.readString(FILE), src.name() + "/" + FILE).ids("eos_token_id");
        if (ids.length == 0) ids = config.ids("eos_token_id");
        if (ids.length == 0) ids = tokenizer.endOfText().stream().toArray();
        return IntStream.of(ids).distinct().toArray();
    }

}
