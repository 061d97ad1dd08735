package org.attentionlens.cli;

import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.TraceExport;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code export}: one forward pass with full capture, written as JSON (and optionally NumPy files). */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Run a text through a model and write every head's scores, weights and "
        + "value norms, and the attention rollout, as JSON (and .npy files with --npy).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;
    @Mixin
    InputOptions input;

    @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "Where to write the JSON.")
    Path out;

    @Option(names = "--npy", paramLabel = "DIR", description = "Also write ids, scores, weights, value_norms "
            + "(and logits_last) as NumPy files into DIR, with tokens.json naming the tokens.")
    Path npy;

    @Override
    public Integer call() throws Exception {
        LoadedModel m = model.load();
        AttentionTrace trace = AttentionTrace.capture(m.transformer(), input.tokens(m));
        try {
            TraceExport.writeJson(trace, m.tokenizer(), out);
            if (npy != null) TraceExport.writeNpy(trace, m.tokenizer(), npy);
        } catch (IOException e) { // no such folder, a folder given as the file, a full disk: one line, no trace
            throw new CliException(UserMessage.of(e));
        }
        System.err.printf("%s: %d tokens, %d layers × %d heads, forward %.1f ms -> %s%n", m.id(), trace.length(),
                m.config().layers(), m.config().heads(), trace.nanos() / 1e6, out);
        return 0;
    }
}
