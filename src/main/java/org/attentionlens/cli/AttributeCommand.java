package org.attentionlens.cli;

import org.attentionlens.analysis.Applicability;
import org.attentionlens.analysis.attribution.DirectLogitAttribution;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.ForwardObserver;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code attribute}: direct logit attribution of every head and MLP to l_target − l_versus at the last position.
 * JSON: {@code {"tokens", "target": {"token", "id"}, "versus": {...}, "logit_diff", "logit_diff_before_softcap",
 * "heads": [[L][H]], "mlps": [L], "embeddings", "biases", "sum", "approximation"}}.
 */
@Command(name = "attribute", mixinStandardHelpOptions = true,
        description = "Direct logit attribution: each head's and each MLP's share of the logit difference of two "
                + "tokens after the text (final norm linearised at the last position).")
public final class AttributeCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;
    @Mixin
    private InputOptions input;

    @Option(names = "--target", paramLabel = "TOKEN", description = "The token whose logit is pushed up (default: the "
            + "model's most likely next token), as the tokenizer spells it or id:N.")
    private String target;

    @Option(names = "--versus", paramLabel = "TOKEN", description = "The token it is measured against (default: the "
            + "most likely other one).")
    private String versus;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the attribution as JSON to this file.")
    private Path json;

    public AttributeCommand() {
        this(ModelProvider.REGISTRY);
    }

    public AttributeCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadedModel m = model.load(models);
        int a = ResearchOutput.token(m, target), b = ResearchOutput.token(m, versus);
        DirectLogitAttribution d;
        Tokens tokens = input.tokens(m);
        try {
            Applicability.requireAdditiveStream(m.config(), "Direct logit attribution");
            if (a < 0 || b < 0) {
                float[] logits = m.transformer().forward(tokens.ids(), ForwardObserver.NONE).logitsLast();
                if (a < 0) a = best(logits, b);
                if (b < 0) b = best(logits, a);
            }
            if (a == b) throw new CliException("--target and --versus are the same token");
            d = DirectLogitAttribution.run(m.transformer(), tokens.ids(), a, b);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        print(out, m, d);
        if (json != null) ResearchOutput.write(json, tree(m.tokenizer(), tokens.ids(), d));
        return 0;
    }

    /** The id of the largest logit other than skip. */
    private static int best(float[] logits, int skip) {
        int best = skip == 0 ? 1 : 0;
        for (int v = 0; v < logits.length; v++) if (v != skip && logits[v] > logits[best]) best = v;
        return best;
    }

    static Map<String, Object> tree(Tokenizer tk, int[] ids, DirectLogitAttribution d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tokens", ResearchOutput.tokens(tk, ids));
        root.put("target", ResearchOutput.token(tk, d.target()));
        root.put("versus", ResearchOutput.token(tk, d.versus()));
        root.put("logit_diff", ResearchOutput.number(d.logitDiff()));
        root.put("logit_diff_before_softcap", ResearchOutput.number(d.preCapDiff()));
        root.put("heads", ResearchOutput.numbers(d.heads()));
        List<Float> mlps = new ArrayList<>();
        for (double x : d.mlps()) mlps.add(ResearchOutput.number(x));
        root.put("mlps", mlps);
        root.put("embeddings", ResearchOutput.number(d.embedding()));
        root.put("biases", ResearchOutput.number(d.biases()));
        root.put("sum", ResearchOutput.number(d.sum()));
        root.put("approximation", DirectLogitAttribution.APPROXIMATION);
        return root;
    }

    private static void print(PrintWriter out, LoadedModel m, DirectLogitAttribution d) {
        Tokenizer tk = m.tokenizer();
        out.printf(Locale.ROOT, "%s: logit difference \"%s\" − \"%s\" after the text = %.4f%n", m.displayName(),
                tk.tokenString(d.target()), tk.tokenString(d.versus()), d.logitDiff());
        double[][] h = d.heads();
        out.printf("%5s", "layer");
        for (int j = 0; j < h[0].length; j++) out.printf("%9s", "H" + j);
        out.printf("%9s%n", "MLP");
        for (int l = 0; l < h.length; l++) {
            out.printf("%5d", l);
            for (double x : h[l]) out.printf(Locale.ROOT, "%9.4f", x);
            out.printf(Locale.ROOT, "%9.4f%n", d.mlps()[l]);
        }
        out.printf(Locale.ROOT, "heads + MLPs %.4f + embeddings %.4f + biases %.4f = %.4f; the difference%s is %.4f%n",
                d.components(), d.embedding(), d.biases(), d.sum(),
                d.capped() ? " before the soft-cap" : "", d.preCapDiff());
        out.println("Approximation: " + DirectLogitAttribution.APPROXIMATION + ".");
        out.flush();
    }
}
