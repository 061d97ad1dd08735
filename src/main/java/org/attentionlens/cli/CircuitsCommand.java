package org.attentionlens.cli;

import org.attentionlens.analysis.circuits.CircuitScores;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code circuits}: QK and OV circuit scores from the weights (Elhage et al. 2021). JSON: {@code {"heads": [{"layer",
 * "head", "copying"}], "composition": {"q": [[N][N]], "k": ..., "v": ...}, "medians": {"q", "k", "v"}, "notes"}}:
 * composition[kind][writer][reader] over heads numbered layer · H + head, null unless the writer's layer comes first.
 */
@Command(name = "circuits", mixinStandardHelpOptions = true,
        description = "QK and OV circuit scores from the weights: each head's OV copying score and the Q-, K- and "
                + "V-composition of every pair of heads in different layers.")
public final class CircuitsCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;
    @Mixin
    private ModelOption model;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Pairs of each kind to print. Default: ${DEFAULT-VALUE}.")
    private int top;

    @Option(names = "--json", paramLabel = "OUT", description = "Write every score as JSON to this file.")
    private Path json;

    public CircuitsCommand() {
        this(ModelProvider.REGISTRY);
    }

    public CircuitsCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        LoadedModel m = model.load(models);
        CircuitScores s = CircuitScores.run(m.transformer(), ResearchOutput.progress(err, "circuits"));
        print(out, m, s, top);
        if (json != null) ResearchOutput.write(json, tree(s));
        return 0;
    }

    static Map<String, Object> tree(CircuitScores s) {
        List<Object> heads = new ArrayList<>();
        for (int l = 0; l < s.layers(); l++)
            for (int h = 0; h < s.heads(); h++) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("layer", l);
                o.put("head", h);
                o.put("copying", ResearchOutput.number(s.copying()[l][h]));
                heads.add(o);
            }
        Map<String, Object> composition = new LinkedHashMap<>(), medians = new LinkedHashMap<>();
        for (CircuitScores.Kind k : CircuitScores.Kind.values()) {
            float[][] m = s.composition()[k.ordinal()];
            List<List<Float>> rows = new ArrayList<>();
            for (float[] row : m) {
                List<Float> r = new ArrayList<>();
                for (float x : row) r.add(Float.isNaN(x) ? null : x);
                rows.add(r);
            }
            composition.put(k.key(), rows);
            medians.put(k.key(), ResearchOutput.number(s.median(k)));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("heads", heads);
        root.put("composition", composition);
        root.put("medians", medians);
        root.put("notes", CircuitScores.NOTES);
        return root;
    }

    private static void print(PrintWriter out, LoadedModel m, CircuitScores s, int top) {
        int H = s.heads();
        out.printf("%s: OV copying score per head (+1 copies the attended token, −1 suppresses it)%n", m.displayName());
        for (int l = 0; l < s.layers(); l++) {
            out.printf("%6s", "L" + l);
            for (int h = 0; h < H; h++) {
                double x = s.copying()[l][h];
                out.printf(Locale.ROOT, "%8s", Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x));
            }
            out.println();
        }
        for (CircuitScores.Kind k : CircuitScores.Kind.values()) {
            float[][] c = s.composition()[k.ordinal()];
            List<int[]> pairs = new ArrayList<>();
            for (int w = 0; w < c.length; w++)
                for (int r = 0; r < c.length; r++) if (!Float.isNaN(c[w][r])) pairs.add(new int[]{w, r});
            pairs.sort(Comparator.comparingDouble((int[] p) -> -c[p[0]][p[1]]));
            out.printf(Locale.ROOT, "%s-composition, strongest pairs (median of all %d pairs %.3f):%n", k, pairs.size(), s.median(k));
            for (int[] p : pairs.subList(0, Math.min(top, pairs.size())))
                out.printf(Locale.ROOT, "  L%d.H%d reads L%d.H%d  %.3f%n", p[1] / H, p[1] % H, p[0] / H, p[0] % H, c[p[0]][p[1]]);
        }
        out.println(CircuitScores.NOTES);
        out.flush();
    }
}
