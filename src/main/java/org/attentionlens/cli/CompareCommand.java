package org.attentionlens.cli;

import org.attentionlens.analysis.HeadStats;
import org.attentionlens.analysis.compare.CheckpointComparison;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.LoadedModel;
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
 * {@code compare}: two checkpoints of one model head by head. JSON: {@code {"tokens", "heads": [{"layer", "head",
 * "a": {stats}, "b": {stats}, "pattern_change", "weight_change": {"W_Q", "W_K", "W_V", "W_O"}}]}}, stats as the heads
 * command writes them (entropy, previous_token, sink, induction, kind).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two checkpoints of one model (a run's steps, or a base model and its fine-tune): every "
                + "head's statistics side by side with deltas, how far its attention and its weights moved.")
public final class CompareCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;

    @Option(names = "--with", required = true, paramLabel = "<id|folder>", description = "The second checkpoint.")
    private String with;

    @Option(names = "--text", paramLabel = "TEXT", description = "The text both run (default: a few English sentences).")
    private String text;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the comparison as JSON to this file.")
    private Path json;

    public CompareCommand() {
        this(ModelProvider.REGISTRY);
    }

    public CompareCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        LoadedModel a = model.load(models), b = ResearchOutput.load(models, with);
        InputOptions in = new InputOptions();
        in.text = text != null ? text : HeadsCommand.DEFAULT_TEXT;
        Tokens tokens = text != null ? in.tokens(a) : headOf(a, in);
        CheckpointComparison c;
        try {
            c = CheckpointComparison.run(a.transformer(), a.tokenizer(), b.transformer(), b.tokenizer(), tokens,
                    ResearchOutput.progress(err, "compare"));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        print(out, a, b, c);
        if (json != null) ResearchOutput.write(json, tree(a, c));
        return 0;
    }

    /** The default text, cut to the context (a small model's context may be shorter). */
    private static Tokens headOf(LoadedModel m, InputOptions in) {
        Tokens all = m.tokenizer().encode(in.text);
        return all.size() > m.config().context() ? all.head(m.config().context()) : all;
    }

    static Map<String, Object> tree(LoadedModel a, CheckpointComparison c) {
        List<Object> heads = new ArrayList<>();
        for (int i = 0; i < c.a().heads().size(); i++) {
            HeadStats sa = c.a().heads().get(i), sb = c.b().heads().get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("layer", sa.layer());
            o.put("head", sa.head());
            o.put("a", stats(sa));
            o.put("b", stats(sb));
            o.put("pattern_change", ResearchOutput.number(c.patternChange()[sa.layer()][sa.head()]));
            Map<String, Object> w = new LinkedHashMap<>();
            double[] moved = c.weightChange()[sa.layer()][sa.head()];
            for (int k = 0; k < moved.length; k++) w.put(CheckpointComparison.MATRICES.get(k), ResearchOutput.number(moved[k]));
            o.put("weight_change", w);
            heads.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tokens", ResearchOutput.tokens(a.tokenizer(), c.traceA().tokens().ids()));
        root.put("heads", heads);
        return root;
    }

    private static Map<String, Object> stats(HeadStats s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("entropy", ResearchOutput.number(s.entropy()));
        o.put("previous_token", ResearchOutput.number(s.previousToken()));
        o.put("sink", ResearchOutput.number(s.sink()));
        o.put("induction", s.induction() == null ? null : ResearchOutput.number(s.induction()));
        o.put("kind", s.kind().key());
        return o;
    }

    private static void print(PrintWriter out, LoadedModel a, LoadedModel b, CheckpointComparison c) {
        out.printf("A = %s, B = %s, on %d tokens%n", a.id(), b.id(), c.traceA().length());
        out.printf("%5s %4s  %-15s %-15s %17s %17s %9s  %s%n", "layer", "head", "kind A", "kind B", "prev A → B",
                "induction A → B", "|Δα|", "‖ΔW‖/‖W‖ Q K V O");
        for (int i = 0; i < c.a().heads().size(); i++) {
            HeadStats sa = c.a().heads().get(i), sb = c.b().heads().get(i);
            double[] w = c.weightChange()[sa.layer()][sa.head()];
            out.printf(Locale.ROOT, "%5d %4d  %-15s %-15s %8.3f → %5.3f %8s → %5s %9.4f  %.3f %.3f %.3f %.3f%n", sa.layer(),
                    sa.head(), sa.kind().key(), sb.kind().key(), sa.previousToken(), sb.previousToken(),
                    f(sa.induction()), f(sb.induction()), c.patternChange()[sa.layer()][sa.head()], w[0], w[1], w[2], w[3]);
        }
        out.flush();
    }

    private static String f(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }
}
