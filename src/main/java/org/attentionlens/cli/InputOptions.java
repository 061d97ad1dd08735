package org.attentionlens.cli;

import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import picocli.CommandLine.Option;

import java.util.Arrays;

/** {@code --text TEXT | --ids 1,2,3}: what to run, checked against the model's vocabulary and context. */
public final class InputOptions {
    @Option(names = "--text", description = "Text to tokenize and run.")
    String text;

    @Option(names = "--ids", split = ",", description = "Token ids to run as they are, e.g. 464,3797,3332.")
    int[] ids;

    public Tokens tokens(LoadedModel m) {
        if ((text == null) == (ids == null)) throw new CliException("give exactly one of --text or --ids");
        Tokens tokens = text != null ? m.tokenizer().encode(text) : fromIds(m, ids);
        if (tokens.size() == 0) throw new CliException("the input has no tokens: give some text");
        int context = m.config().context();
        if (tokens.size() > context)
            throw new CliException("the input has " + tokens.size() + " tokens; " + m.id() + " takes at most "
                    + context + " (its context)");
        return tokens;
    }

    private static Tokens fromIds(LoadedModel m, int[] ids) {
        int V = m.config().vocabSize();
        for (int id : ids)
            if (id < 0 || id >= V) throw new CliException("token id " + id + " is outside the vocabulary 0…" + (V - 1));
        return Tokens.ofIds(ids, Arrays.stream(ids).mapToObj(m.tokenizer()::displayToken).toArray(String[]::new));
    }
}
