package org.attentionlens.cli;

import org.attentionlens.analysis.lens.LogitLens;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lens}: the logit lens (nostalgebraist 2020). JSON contract:
 * {@code {"tokens": [...], "layers": [{"positions": [{"top": [{"token", "p"}], "target_p", "target_rank"}]}]}};
 * layers[l] is the stream after block l, target_p and target_rank are null without --target, target_rank 1 = on top.
 */
@Command(name = "lens", mixinStandardHelpOptions = true,
        description = "Logit lens: the residual stream after every layer, at every position, read through the final "
                + "norm and the next-token head; the top tokens, a target token's probability and rank.")
public final class LensCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;
    @Mixin
    private InputOptions input;

    @Option(names = "--target", paramLabel = "TOKEN",
            description = "A token to follow through the layers, as the tokenizer spells it (e.g. \" Paris\") or id:N.")
    private String target;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Tokens kept per cell. Default: ${DEFAULT-VALUE}.")
    private int top;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the grid as JSON to this file.")
    private Path json;

    public LensCommand() {
        this(ModelProvider.REGISTRY);
    }

    public LensCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (top < 1 || top > 1000) throw new CliException("--top must be 1…1000, is " + top);
        LoadedModel m = model.load(models);
        int targetId = ResearchOutput.token(m, target);
        LogitLens lens;
        AttentionTrace trace;
        try {
            trace = AttentionTrace.capture(m.transformer(), input.tokens(m));
            lens = LogitLens.of(trace, targetId, top, ResearchOutput.progress(err, "lens"));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        print(out, m, trace.tokens().ids(), lens);
        if (json != null) ResearchOutput.write(json, tree(m.tokenizer(), trace.tokens().ids(), lens));
        return 0;
    }

    static Map<String, Object> tree(Tokenizer tokenizer, int[] ids, LogitLens lens) {
        List<Object> layers = new ArrayList<>();
        for (int l = 0; l < lens.layers(); l++) {
            List<Object> positions = new ArrayList<>();
            for (int t = 0; t < lens.positions(); t++) {
                LogitLens.Cell c = lens.cell(l, t);
                List<Object> topList = new ArrayList<>();
                for (int i = 0; i < c.topIds().length; i++) {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("token", tokenizer.tokenString(c.topIds()[i]));
                    e.put("p", ResearchOutput.number(c.topP()[i]));
                    topList.add(e);
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("top", topList);
                p.put("target_p", ResearchOutput.number(c.targetP()));
                p.put("target_rank", c.targetRank() == 0 ? null : c.targetRank());
                positions.add(p);
            }
            layers.add(Map.of("positions", positions));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tokens", ResearchOutput.tokens(tokenizer, ids));
        root.put("layers", layers);
        return root;
    }

    private static void print(PrintWriter out, LoadedModel m, int[] ids, LogitLens lens) {
        Tokenizer tk = m.tokenizer();
        out.printf("%s: logit lens over %d layers × %d positions (final norm + head on the stream after each block)%s%n",
                m.displayName(), lens.layers(), lens.positions(),
                lens.target() >= 0 ? ", target \"" + tk.tokenString(lens.target()) + "\"" : "");
        out.printf("%5s  %-16s %-6s %-22s%s%n", "pos", "token", "stable", "final top (p)",
                lens.target() >= 0 ? "  target p (rank) by layer" : "");
        int L = lens.layers();
        for (int t = 0; t < lens.positions(); t++) {
            LogitLens.Cell last = lens.cell(L - 1, t);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%5d  %-16s %-6s %-22s", t,
                    quote(tk.tokenString(ids[t])), "L" + lens.firstStableLayer()[t],
                    quote(tk.tokenString(last.top())) + String.format(Locale.ROOT, " (%.3f)", last.topP()[0])));
            if (lens.target() >= 0)
                for (int l = 0; l < L; l++) {
                    LogitLens.Cell c = lens.cell(l, t);
                    row.append(String.format(Locale.ROOT, "  %.3g (%d)", c.targetP(), c.targetRank()));
                }
            out.println(row);
        }
        out.println("stable: the first layer from which the final top token stays on top at that position.");
        out.flush();
    }

    private static String quote(String s) {
        String q = "\"" + s.replace("\n", "\\n") + "\"";
        return q.length() > 16 ? q.substring(0, 15) + "…" : q;
    }
}
