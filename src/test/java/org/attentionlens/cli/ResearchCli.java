package org.attentionlens.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.attentionlens.analysis.PlantedInduction;
import org.attentionlens.analysis.SharpCopying;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.ModelRegistry;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.TinyModels;
import org.attentionlens.tokenizer.ByteTokenizer;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Runs a research command on models built in the test: "planted" (the hand-wired induction circuit), "sharp" (the
 * hand-wired copying heads), "tiny-gpt" and "tiny-gqa" (random GPT-2 layouts over bytes), "tiny-bert" (an encoder);
 * folders go to the real registry. Captures stdout and stderr.
 */
final class ResearchCli {
    static final ByteTokenizer BYTES = new ByteTokenizer(false);
    static final ModelProvider MODELS = (id, progress) -> switch (id) {
        case "planted" -> new LoadedModel(id, "planted induction", PlantedInduction.build(), BYTES);
        case "sharp" -> new LoadedModel(id, "sharp copying", SharpCopying.build(), BYTES);
        case "tiny-gpt" -> new LoadedModel(id, "tiny gpt", TinyModels.random(TinyModels.gpt2(64), 1), BYTES);
        case "tiny-gpt-2" -> new LoadedModel(id, "tiny gpt, other seed", TinyModels.random(TinyModels.gpt2(64), 2), BYTES);
        case "tiny-gqa" -> new LoadedModel(id, "tiny gqa", TinyModels.random(TinyModels.gpt2Grouped(64), 1), BYTES);
        case "tiny-bert" -> new LoadedModel(id, "tiny encoder", TinyModels.random(TinyModels.bert(64), 1), BYTES);
        default -> {
            if (Files.isDirectory(Path.of(id))) yield ModelRegistry.loadFolder(Path.of(id), progress);
            throw new ModelLoadException("No model \"" + id + "\"");
        }
    };

    final StringWriter out = new StringWriter(), err = new StringWriter();
    private final Function<ModelProvider, Callable<Integer>> command;

    ResearchCli(Function<ModelProvider, Callable<Integer>> command) {
        this.command = command;
    }

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cmd = AttentionLensCommand.withUserErrors(new CommandLine(command.apply(MODELS)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    /** The one line a user error prints, without the command's name. */
    String error() {
        String e = err.toString().strip();
        if (e.lines().count() != 1) throw new AssertionError("not one line: " + e);
        return e;
    }

    static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }
}
