package org.attentionlens.cli;

import org.attentionlens.analysis.compare.RunFolders;
import org.attentionlens.analysis.compare.TrainingTimeline;
import org.attentionlens.errors.UserMessage;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code timeline}: when a training run's previous-token and induction heads formed. JSON: {@code {"checkpoints":
 * [{"folder", "step", "previous_token": [[L][H]], "induction": [[L][H]]}], "previous_token_formed": {"layer", "head",
 * "step", "threshold"} or null, "induction_formed": ...}}.
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "When a training run's heads formed: every checkpoint's previous-token and induction scores on the "
                + "same seeded probe, and the step from which the first head of each kind stayed above the threshold.")
public final class TimelineCommand implements Callable<Integer> {
    private final ModelProvider models;

    @Spec
    private CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A folder whose subfolders are the run's checkpoints "
            + "(each with trainer_state.json, e.g. copies kept after each train --stop-at).")
    private Path run;

    @Option(names = "--checkpoints", arity = "2..*", paramLabel = "DIR", description = "The checkpoint folders, "
            + "ordered by their trainer_state.json step (or as given when they have none).")
    private List<Path> checkpoints;

    @Option(names = "--json", paramLabel = "OUT", description = "Write the timeline as JSON to this file.")
    private Path json;

    public TimelineCommand() {
        this(ModelProvider.REGISTRY);
    }

    public TimelineCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if ((run == null) == (checkpoints == null)) throw new CliException("give --run DIR or --checkpoints DIR DIR…");
        List<RunFolders.Found> found = new ArrayList<>();
        try {
            if (run != null) found.addAll(RunFolders.list(run));
            else for (Path p : checkpoints) found.add(new RunFolders.Found(p, RunFolders.step(p)));
        } catch (IOException e) {
            throw new CliException(UserMessage.of(e));
        }
        if (found.size() < 2)
            throw new CliException((run != null ? run + " holds " : "") + found.size() + " checkpoint folder"
                    + (found.size() == 1 ? "" : "s") + ": a timeline needs at least two");
        List<TrainingTimeline.Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            RunFolders.Found f = found.get(i);
            LoadedModel m = ResearchOutput.load(models, f.folder().toString());
            snapshots.add(new TrainingTimeline.Snapshot(f.folder().getFileName().toString(), f.step().orElse(i),
                    m.transformer(), m.tokenizer()));
            err.printf("timeline: loaded %s (step %s)%n", f.folder(), f.step().isPresent() ? f.step().getAsLong() : "unknown: " + i);
        }
        TrainingTimeline t;
        try {
            t = TrainingTimeline.run(snapshots, ResearchOutput.progress(err, "timeline"));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        print(out, t);
        if (json != null) ResearchOutput.write(json, tree(t));
        return 0;
    }

    static Map<String, Object> tree(TrainingTimeline t) {
        List<Object> points = new ArrayList<>();
        for (TrainingTimeline.Point p : t.points()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("folder", p.label());
            o.put("step", p.step());
            o.put("previous_token", ResearchOutput.numbers(p.previousToken()));
            o.put("induction", ResearchOutput.numbers(p.induction()));
            points.add(o);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("checkpoints", points);
        root.put("previous_token_formed", formed(t.previousToken()));
        root.put("induction_formed", formed(t.induction()));
        return root;
    }

    private static Map<String, Object> formed(TrainingTimeline.Formed f) {
        if (f == null) return null;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("layer", f.layer());
        o.put("head", f.head());
        o.put("step", f.step());
        o.put("threshold", f.threshold());
        return o;
    }

    private static void print(PrintWriter out, TrainingTimeline t) {
        out.printf("%10s  %-24s %-24s %s%n", "step", "best previous-token", "best induction", "folder");
        for (TrainingTimeline.Point p : t.points())
            out.printf(Locale.ROOT, "%10d  %-24s %-24s %s%n", p.step(), best(p.previousToken()), best(p.induction()), p.label());
        out.println(say("previous-token", t.previousToken()));
        out.println(say("induction", t.induction()));
        out.flush();
    }

    private static String best(double[][] s) {
        int bl = 0, bh = 0;
        for (int l = 0; l < s.length; l++)
            for (int h = 0; h < s[l].length; h++) if (s[l][h] > s[bl][bh]) {
                bl = l;
                bh = h;
            }
        return String.format(Locale.ROOT, "L%d.H%d %.3f", bl, bh, s[bl][bh]);
    }

    private static String say(String kind, TrainingTimeline.Formed f) {
        return f == null ? "No " + kind + " head stayed above its threshold."
                : String.format(Locale.ROOT, "The %s head L%d.H%d formed at step %d (≥ %.2f from then on).", kind,
                f.layer(), f.head(), f.step(), f.threshold());
    }
}
