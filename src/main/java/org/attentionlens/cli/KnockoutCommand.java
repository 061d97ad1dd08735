package org.attentionlens.cli;

import org.attentionlens.analysis.Ablation;
import org.attentionlens.analysis.knockout.AttentionKnockout;
import org.attentionlens.analysis.knockout.EdgeKnockout;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.AttentionTrace;
import org.attentionlens.model.HeadMask;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.ModelSpec;
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
 * {@code knockout}: attention knockout (edges blocked) or head ablation (zero or mean), and how the next-token
 * distribution moves. JSON: {@code {"tokens", "intervention", "blocked_weight" (knockout only), "kl_divergence",
 * "max_abs_delta_p", "top": [{"token", "p_before", "p_after"}]}}.
 */
@Command(name = "knockout", mixinStandardHelpOptions = true,
        description = "Attention knockout: block a query → key edge (--edge) or a key from every later query (--key) in "
                + "chosen layers and heads, or switch heads off (--ablate, zero or mean), re-run, and show how the "
                + "next-token distribution changes.")
public final class KnockoutCommand implements Callable<Integer> {
    enum Mode { zero, mean }

    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;
    @Mixin
    private InputOptions input;

    @Option(names = "--edge", paramLabel = "Q:K", description = "Block query position Q from key position K (negative "
            + "positions count from the end: -1 is the last token).")
    private String edge;
    @Option(names = "--key", paramLabel = "K", description = "Block key position K from every later query.")
    private Integer key;
    @Option(names = "--layers", paramLabel = "A-B", description = "Layers to block in, e.g. 3-5 or 4 (default: all).")
    private String layers;
    @Option(names = "--heads", split = ",", paramLabel = "H", description = "Heads to block in (default: all).")
    private int[] heads;

    @Option(names = "--ablate", split = ",", paramLabel = "L.H", description = "Instead, switch these heads off, e.g. 1.3,0.1.")
    private String[] ablate;
    @Option(names = "--mode", defaultValue = "zero", paramLabel = "zero|mean",
            description = "How --ablate switches a head off: its output set to 0, or to its mean over the text's "
                    + "positions. Default: ${DEFAULT-VALUE}.")
    private Mode mode;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the change as JSON to this file.")
    private Path json;

    public KnockoutCommand() {
        this(ModelProvider.REGISTRY);
    }

    public KnockoutCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int chosen = (edge != null ? 1 : 0) + (key != null ? 1 : 0) + (ablate != null ? 1 : 0);
        if (chosen != 1) throw new CliException("give exactly one of --edge Q:K, --key K or --ablate L.H");
        LoadedModel m = model.load(models);
        ModelSpec c = m.config();
        Map<String, Object> root = new LinkedHashMap<>();
        try {
            AttentionTrace baseline = AttentionTrace.capture(m.transformer(), input.tokens(m));
            int T = baseline.length();
            root.put("tokens", ResearchOutput.tokens(m.tokenizer(), baseline.tokens().ids()));
            Ablation.NextTokenShift shift;
            String what;
            if (ablate != null) {
                if (!c.causal()) throw new CliException("the next-token distribution needs a causal model: " + m.id() + " is an encoder");
                Ablation a = Ablation.run(baseline, HeadMask.of(c, parseHeads(ablate)),
                        mode == Mode.mean ? Ablation.Mode.MEAN : Ablation.Mode.ZERO);
                what = mode + " ablation of heads " + String.join(", ", ablate);
                shift = a.nextToken();
                root.put("intervention", what);
            } else {
                int[] range = layerRange(c);
                EdgeKnockout block = edge != null
                        ? EdgeKnockout.edge(c, range[0], range[1], position(edge.split(":", -1)[0], T), position(edgeKey(), T))
                        : EdgeKnockout.key(c, range[0], range[1], position(String.valueOf(key), T));
                if (heads != null) block = block.inHeads(c, heads);
                AttentionKnockout k = AttentionKnockout.run(baseline, block);
                what = "knockout of " + block.describe();
                shift = k.shift();
                root.put("intervention", what);
                root.put("blocked_weight", ResearchOutput.number(k.blockedMass()));
            }
            root.put("kl_divergence", ResearchOutput.number(shift.klDivergence()));
            root.put("max_abs_delta_p", ResearchOutput.number(shift.maxAbsDeltaP()));
            root.put("top", top(m.tokenizer(), shift));
            print(out, m, what, root, shift);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (json != null) ResearchOutput.write(json, root);
        return 0;
    }

    private String edgeKey() {
        String[] parts = edge.split(":", -1);
        if (parts.length != 2) throw new CliException("--edge takes Q:K, two positions, e.g. --edge -1:3");
        return parts[1];
    }

    /** A position from the command line; negative counts from the end. */
    private static int position(String s, int T) {
        try {
            int p = Integer.parseInt(s.strip());
            int at = p < 0 ? T + p : p;
            if (at < 0 || at >= T) throw new CliException("position " + p + " is outside the text's " + T + " tokens");
            return at;
        } catch (NumberFormatException e) {
            throw new CliException("\"" + s + "\" is not a position (a whole number, negative from the end)");
        }
    }

    private int[] layerRange(ModelSpec c) {
        if (layers == null) return new int[]{0, c.layers() - 1};
        String[] parts = layers.split("-", -1);
        try {
            if (parts.length == 1) return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[0])};
            if (parts.length == 2) return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CliException("--layers takes A-B or A, e.g. 2-5");
    }

    private static int[][] parseHeads(String[] given) {
        int[][] out = new int[given.length][];
        for (int i = 0; i < given.length; i++) {
            String[] parts = given[i].split("\\.", -1);
            try {
                if (parts.length != 2) throw new NumberFormatException();
                out[i] = new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            } catch (NumberFormatException e) {
                throw new CliException("--ablate takes LAYER.HEAD, e.g. 1.3, not \"" + given[i] + "\"");
            }
        }
        return out;
    }

    private static List<Object> top(Tokenizer tk, Ablation.NextTokenShift shift) {
        List<Object> out = new ArrayList<>();
        for (Ablation.TokenShift t : shift.top()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("token", tk.tokenString(t.id()));
            o.put("p_before", ResearchOutput.number(t.pBefore()));
            o.put("p_after", ResearchOutput.number(t.pAfter()));
            out.add(o);
        }
        return out;
    }

    private static void print(PrintWriter out, LoadedModel m, String what, Map<String, Object> root,
                              Ablation.NextTokenShift shift) {
        out.printf(Locale.ROOT, "%s: %s%n", m.displayName(), what);
        if (root.containsKey("blocked_weight"))
            out.printf(Locale.ROOT, "attention weight the blocked edges held, summed over heads and layers: %.4f%n",
                    (Float) root.get("blocked_weight"));
        out.printf(Locale.ROOT, "next token: KL(before ‖ after) %.5f nats, largest |Δp| %.5f%n", shift.klDivergence(),
                shift.maxAbsDeltaP());
        out.printf("%-20s %9s %9s%n", "token", "before", "after");
        for (Ablation.TokenShift t : shift.top())
            out.printf(Locale.ROOT, "%-20s %9.5f %9.5f%n", "\"" + m.tokenizer().tokenString(t.id()).replace("\n", "\\n") + "\"",
                    t.pBefore(), t.pAfter());
        out.flush();
    }
}
