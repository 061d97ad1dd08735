package org.attentionlens.cli;

import com.google.gson.GsonBuilder;
import org.attentionlens.analysis.HeadKind;
import org.attentionlens.analysis.HeadReport;
import org.attentionlens.analysis.HeadStats;
import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.AtomicWrite;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.tokenizer.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code heads}: every head's measures and kind over a text (or a file of texts), as a table and JSON. */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = "Measure and classify every attention head: entropy, confidence, previous-token, sink, "
                + "self, distance, induction.")
public final class HeadsCommand implements Callable<Integer> {
    /** Used when no text is given: ordinary English, with a repeated name for prefix matching. */
    static final String DEFAULT_TEXT = "Mary went to the market in the morning. She bought bread, apples and a "
            + "small jar of honey. On the way home Mary met her neighbour, who asked about the honey.";

    private final ModelProvider models;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Option(names = "--text", paramLabel = "TEXT", description = "The text to analyse (default: a few English sentences).")
    private String text;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Texts to analyse, separated by blank lines; measures are averaged over them.")
    private Path file;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write {\"heads\": [...]} to this file.")
    private Path json;

    public HeadsCommand() {
        this(ModelProvider.REGISTRY);
    }

    public HeadsCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (text != null && file != null) throw new CliException("give --text or --file, not both");
        try {
            List<String> texts = texts();
            LoadedModel m = model.load(models);
            int context = m.config().context();
            List<Tokens> tokens = new ArrayList<>();
            for (String t : texts) {
                Tokens tk = InputOptions.encode(m, InputOptions.head(m, t)); // past the context it is cut anyway
                if (tk.size() == 0) continue;
                if (tk.size() > context) {
                    err.println("(a text of " + tk.size() + " tokens was cut to the model's context of " + context + ")");
                    tk = tk.head(context);
                }
                tokens.add(tk);
            }
            err.flush();
            if (tokens.isEmpty()) throw new CliException("the text has no tokens to analyse");
            HeadReport report = HeadReport.analyse(m.transformer(), m.tokenizer(), tokens);
            printTable(out, report, m);
            if (json != null) writeJson(report);
            return 0;
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        } catch (IOException e) {
            throw new CliException(UserMessage.of(e));
        }
    }

    private List<String> texts() throws IOException {
        if (text != null) return List.of(text);
        if (file == null) return List.of(DEFAULT_TEXT);
        if (!Files.isRegularFile(file)) throw new CliException("no file " + file);
        List<String> out = new ArrayList<>();
        for (String paragraph : Files.readString(file, StandardCharsets.UTF_8).split("\\R\\s*\\R"))
            if (!paragraph.isBlank()) out.add(paragraph.strip());
        if (out.isEmpty()) throw new CliException("the file " + file + " holds no text");
        return out;
    }

    private static void printTable(PrintWriter out, HeadReport report, LoadedModel m) {
        out.printf("%s: %d heads over %d text%s; induction on a repeated random sequence%s%n", m.displayName(),
                report.heads().size(), report.texts(), report.texts() == 1 ? "" : "s",
                report.probe().map(p -> " of 2 × " + p.half() + " tokens").orElse(" (context too short: none)"));
        out.printf("%5s %4s %8s %6s %6s %6s %6s %6s %6s %6s  %s%n", "layer", "head", "entropy", "conf", "prev",
                "sink", "sinkV", "self", "dist", "induct", "kind");
        for (HeadStats s : report.heads())
            out.printf(Locale.ROOT, "%5d %4d %8s %6s %6s %6s %6s %6s %6s %6s  %s%n", s.layer(), s.head(),
                    f(s.entropy()), f(s.confidence()), f(s.previousToken()), f(s.sink()), f(s.sinkValueShare()),
                    f(s.self()), f(s.distance()), s.induction() == null ? "-" : f(s.induction()), s.kind().key());
        out.println("kinds: induction ≥ " + HeadKind.INDUCTION_MIN + ", previous-token ≥ " + HeadKind.PREVIOUS_TOKEN_MIN
                + ", sink ≥ " + HeadKind.SINK_MIN + ", local: distance ≤ " + HeadKind.LOCAL_MAX_DISTANCE
                + ", broad: normalised entropy ≥ " + HeadKind.BROAD_MIN_NORMALISED_ENTROPY
                + ", else mixed (checked in that order). sinkV = the first position's value-weighted share.");
        if (!m.config().causal())
            out.println("Note: in this encoder the [CLS] token at position 0 and the closing [SEP] act as attention "
                    + "sinks; the sink score counts position 0 only, and nothing is excluded.");
        out.flush();
    }

    private static String f(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }

    private void writeJson(HeadReport report) throws IOException {
        List<Object> heads = new ArrayList<>();
        for (HeadStats s : report.heads()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("layer", s.layer());
            o.put("head", s.head());
            o.put("entropy", round(s.entropy()));
            o.put("confidence", round(s.confidence()));
            o.put("previous_token", round(s.previousToken()));
            o.put("sink", round(s.sink()));
            o.put("self", round(s.self()));
            o.put("distance", round(s.distance()));
            o.put("induction", s.induction() == null ? null : round(s.induction()));
            o.put("kind", s.kind().key());
            heads.add(o);
        }
        String text = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create()
                .toJson(Map.of("heads", heads));
        AtomicWrite.write(json, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Four decimals, or null when the measure could not be computed. */
    private static Double round(double d) {
        return Double.isNaN(d) ? null : Math.round(d * 1e4) / 1e4;
    }
}
