package org.attentionlens.cli;

import org.attentionlens.analysis.patching.ActivationPatching;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.Progress;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokenizer;
import org.attentionlens.tokenizer.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code patch}: activation patching from a clean prompt into a corrupted one. JSON: {@code {"clean_tokens",
 * "corrupted_tokens", "target": {"token", "id"}, "versus": {...}, "logit_diff_clean", "logit_diff_corrupted",
 * "heads": [[L][H]], "residual": [[L][T]]}}, each entry the restored share (1 = the clean margin, 0 = none);
 * "heads" or "residual" is left out when --grid names the other.
 */
@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Activation patching: patch each head's output, or the residual stream after each layer at each "
                + "position, from a clean prompt into a corrupted one of the same length; report the restored share "
                + "of the logit difference.")
public final class PatchCommand implements Callable<Integer> {
    enum Grid { heads, residual, both }

    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;

    @Option(names = "--clean", paramLabel = "TEXT", description = "The clean prompt.")
    private String clean;
    @Option(names = "--clean-ids", split = ",", paramLabel = "IDS", description = "The clean prompt as token ids.")
    private int[] cleanIds;
    @Option(names = "--corrupted", paramLabel = "TEXT", description = "The corrupted prompt, as many tokens as the clean one.")
    private String corrupted;
    @Option(names = "--corrupted-ids", split = ",", paramLabel = "IDS", description = "The corrupted prompt as token ids.")
    private int[] corruptedIds;

    @Option(names = "--target", paramLabel = "TOKEN", description = "The answer token (default: the clean run's most likely next token).")
    private String target;
    @Option(names = "--versus", paramLabel = "TOKEN",
            description = "The token it is measured against (default: the corrupted run's most likely next token).")
    private String versus;

    @Option(names = "--grid", defaultValue = "both", paramLabel = "heads|residual|both",
            description = "Which grids to compute: layer × head, layer × position, or both. Default: ${DEFAULT-VALUE}.")
    private Grid grid;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the grids as JSON to this file.")
    private Path json;

    public PatchCommand() {
        this(ModelProvider.REGISTRY);
    }

    public PatchCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        LoadedModel m = model.load(models);
        Tokens a = prompt(m, clean, cleanIds, "--clean"), b = prompt(m, corrupted, corruptedIds, "--corrupted");
        double[][] heads = null, residual = null;
        ActivationPatching p;
        try {
            p = ActivationPatching.prepare(m.transformer(), a, b, ResearchOutput.token(m, target), ResearchOutput.token(m, versus));
            Progress progress = ResearchOutput.progress(err, "patch");
            if (grid != Grid.residual) heads = p.heads(grid == Grid.both ? (f, w) -> progress.report(f / 2, w) : progress);
            if (grid != Grid.heads) residual = p.residual(grid == Grid.both ? (f, w) -> progress.report(0.5 + f / 2, w) : progress);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        print(out, m, p, b, heads, residual);
        if (json != null) ResearchOutput.write(json, tree(m.tokenizer(), a, b, p, heads, residual));
        return 0;
    }

    private static Tokens prompt(LoadedModel m, String text, int[] ids, String option) {
        InputOptions in = new InputOptions();
        in.text = text;
        in.ids = ids;
        if ((text == null) == (ids == null)) throw new CliException("give exactly one of " + option + " or " + option + "-ids");
        return in.tokens(m);
    }

    static Map<String, Object> tree(Tokenizer tk, Tokens a, Tokens b, ActivationPatching p, double[][] heads,
                                    double[][] residual) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clean_tokens", ResearchOutput.tokens(tk, a.ids()));
        root.put("corrupted_tokens", ResearchOutput.tokens(tk, b.ids()));
        root.put("target", ResearchOutput.token(tk, p.target()));
        root.put("versus", ResearchOutput.token(tk, p.versus()));
        root.put("logit_diff_clean", ResearchOutput.number(p.cleanDiff()));
        root.put("logit_diff_corrupted", ResearchOutput.number(p.corruptedDiff()));
        if (heads != null) root.put("heads", ResearchOutput.numbers(heads));
        if (residual != null) root.put("residual", ResearchOutput.numbers(residual));
        return root;
    }

    private static void print(PrintWriter out, LoadedModel m, ActivationPatching p, Tokens corrupted, double[][] heads,
                              double[][] residual) {
        Tokenizer tk = m.tokenizer();
        out.printf(Locale.ROOT, "%s: logit difference \"%s\" − \"%s\": clean %.4f, corrupted %.4f. Restored share "
                        + "(1 = the clean margin, 0 = none):%n", m.displayName(), tk.tokenString(p.target()),
                tk.tokenString(p.versus()), p.cleanDiff(), p.corruptedDiff());
        if (heads != null) {
            out.println("each head's output, patched at every position:");
            grid(out, heads, "H");
        }
        if (residual != null) {
            out.println("the residual stream after each layer, patched at one position (columns; tokens of the corrupted prompt):");
            out.printf("%6s", "");
            for (int id : corrupted.ids()) {
                String s = tk.tokenString(id).replace("\n", "\\n").strip();
                out.printf("%8s", s.length() > 7 ? s.substring(0, 7) : s);
            }
            out.println();
            grid(out, residual, "");
        }
        out.flush();
    }

    private static void grid(PrintWriter out, double[][] g, String prefix) {
        if (!prefix.isEmpty()) {
            out.printf("%6s", "");
            for (int j = 0; j < g[0].length; j++) out.printf("%8s", prefix + j);
            out.println();
        }
        for (int l = 0; l < g.length; l++) {
            out.printf("%6s", "L" + l);
            for (double x : g[l]) out.printf(Locale.ROOT, "%8.3f", x);
            out.println();
        }
    }
}
