package org.attentionlens.cli;

import org.attentionlens.bench.ForwardBench;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.io.Progress;
import org.attentionlens.model.RandomWeights;
import org.attentionlens.model.Transformer;
import org.attentionlens.tensor.KernelBench;
import org.attentionlens.tensor.DType;
import org.attentionlens.tensor.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bench}: how fast the forward pass and the kernels run on this machine. Measurement only. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times a forward pass with full capture (default), decode steps (--decode) or the matmul "
                + "kernels (--kernels).")
public final class BenchCommand implements Callable<Integer> {
    /** Random weights with GPT-2-small's shapes (F32): a benchmark that needs no download. */
    static final String RANDOM_GPT2_SMALL = "gpt2-small-random";
    /** Random weights with Llama-3.2-1B's shapes, in BF16 as the real checkpoint is. */
    static final String RANDOM_LLAMA_1B = "llama-1b-random";

    private final ModelProvider models;

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "<id|folder>", defaultValue = RANDOM_GPT2_SMALL,
            description = "A built-in id, a Hugging Face folder, " + RANDOM_GPT2_SMALL + " (default; F32 random weights "
                    + "of GPT-2-small's shapes) or " + RANDOM_LLAMA_1B + " (BF16 random weights of Llama-3.2-1B's shapes).")
    private String model;

    @Option(names = "--tokens", paramLabel = "N", defaultValue = "256",
            description = "Tokens in the pass; with --decode, positions already in the KV cache (default 256).")
    private int tokens;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "5", description = "Timed runs (default 5).")
    private int runs;

    @Option(names = "--json", description = "One line of JSON instead of text.")
    private boolean json;

    @Option(names = "--kernels", description = "GFLOP/s of each GPT-2-small matmul shape, scalar and vector.")
    private boolean kernels;

    @Option(names = "--decode", description = "Milliseconds per generated token with --tokens positions cached.")
    private boolean decode;

    @Option(names = "--load", description = "Milliseconds to load the model from its folder (the random built-ins are "
            + "first written to a temporary folder in their real layout and dtype).")
    private boolean load;

    @Option(names = "--ceiling", description = "This machine's float32 fma peak (one core, all cores) and memory "
            + "read bandwidth: the bounds for --kernels and --decode.")
    private boolean ceiling;

    public BenchCommand() {
        this(ModelProvider.REGISTRY);
    }

    public BenchCommand(ModelProvider models) {
        this.models = models;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (tokens < 1 || runs < 1) throw new CliException("--tokens and --runs must be at least 1");
        if ((kernels ? 1 : 0) + (decode ? 1 : 0) + (ceiling ? 1 : 0) + (load ? 1 : 0) > 1)
            throw new CliException("choose one of --kernels, --decode, --load and --ceiling");
        if (load) {
            report(out, measureLoad());
            out.flush();
            return 0;
        }
        if (ceiling) {
            report(out, measureCeiling());
            out.flush();
            return 0;
        }
        if (kernels) {
            List<Kernels> sets = Kernels.best() == Kernels.scalar() ? List.of(Kernels.scalar())
                    : List.of(Kernels.scalar(), Kernels.best());
            out.print(KernelBench.table(KernelBench.run(sets, new int[]{64, 256, 1024}, runs), sets));
            out.flush();
            return 0;
        }
        Transformer t = load();
        try {
            if (decode) report(out, ForwardBench.decode(t, tokens, runs), t);
            else report(out, ForwardBench.capture(t, tokens, runs), t);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        out.flush();
        return 0;
    }

    private static KernelBench.Ceiling measureCeiling() {
        if (Kernels.best() == Kernels.scalar())
            throw new CliException("--ceiling measures with the Vector API: run java with --add-modules jdk.incubator.vector");
        try {
            return org.attentionlens.tensor.MachineCeiling.measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }

    private void report(PrintWriter out, KernelBench.Ceiling c) {
        if (json) {
            out.printf(Locale.ROOT, "{\"cores\": %d, \"fma_gflops_one_core\": %.1f, \"fma_gflops_all_cores\": %.1f, "
                    + "\"read_gb_per_s\": %.1f}%n", c.cores(), c.fmaOneCore(), c.fmaAllCores(), c.readGBs());
            return;
        }
        out.printf(Locale.ROOT, "float32 fma peak: %.1f GFLOP/s on one core, %.1f on all %d cores; memory read: "
                + "%.1f GB/s%n", c.fmaOneCore(), c.fmaAllCores(), c.cores(), c.readGBs());
    }

    private ForwardBench.LoadTiming measureLoad() {
        Path tmp = null;
        try {
            Path folder;
            if (randomSpec() != null) {
                tmp = Files.createTempDirectory("attention-lens-bench");
                folder = ForwardBench.writeRandomFolder(randomSpec(), randomDtype(), tmp);
            } else {
                folder = Path.of(model);
                if (!Files.isDirectory(folder)) throw new CliException("--load times a model folder or a random built-in");
            }
            return ForwardBench.load(folder, runs);
        } catch (IOException e) {
            throw new CliException("could not write the benchmark's model folder: " + e.getMessage());
        } catch (ModelLoadException e) {
            throw new CliException(e.getMessage());
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind costs nothing but disk; the OS clears it
        }
    }

    private org.attentionlens.model.ModelSpec randomSpec() {
        return model.equals(RANDOM_GPT2_SMALL) ? RandomWeights.gpt2Small()
                : model.equals(RANDOM_LLAMA_1B) ? RandomWeights.llama1b() : null;
    }

    private DType randomDtype() {
        return model.equals(RANDOM_LLAMA_1B) ? DType.BF16 : DType.F32;
    }

    private void report(PrintWriter out, ForwardBench.LoadTiming l) {
        if (json) {
            out.printf(Locale.ROOT, "{\"runs\": %d, \"median_ms\": %.1f, \"min_ms\": %.1f, \"gigabytes\": %.2f}%n",
                    l.runs(), l.medianMs(), l.minMs(), l.gigabytes());
            return;
        }
        out.printf(Locale.ROOT, "%s, load of %.2f GB: median %.1f ms, min %.1f ms over %d runs%n", model, l.gigabytes(),
                l.medianMs(), l.minMs(), l.runs());
    }

    private Transformer load() {
        if (randomSpec() != null) return RandomWeights.create(randomSpec(), 1, Kernels.best(), randomDtype());
        try {
            return models.load(model, Progress.NONE).transformer();
        } catch (ModelLoadException e) {
            throw new CliException(e.getMessage());
        }
    }

    private void report(PrintWriter out, ForwardBench.PassTiming p, Transformer t) {
        if (json) {
            out.printf(Locale.ROOT, "{\"tokens\": %d, \"runs\": %d, \"median_ms\": %.2f, \"min_ms\": %.2f, "
                    + "\"gflops\": %.1f, \"live_heap_mb\": %.0f}%n", p.tokens(), p.runs(), p.medianMs(), p.minMs(),
                    p.gflops(), p.liveHeapMb());
            return;
        }
        out.printf(Locale.ROOT, "%s, %d tokens with capture, %s kernels: median %.2f ms, min %.2f ms over %d runs, "
                        + "%.1f GFLOP/s; heap held with the trace %.0f MB%n", t.config().id(), p.tokens(),
                t.kernels().name(), p.medianMs(), p.minMs(), p.runs(), p.gflops(), p.liveHeapMb());
    }

    private void report(PrintWriter out, ForwardBench.DecodeTiming d, Transformer t) {
        if (json) {
            out.printf(Locale.ROOT, "{\"cached\": %d, \"ms_per_token\": %.2f}%n", d.cached(), d.msPerToken());
            return;
        }
        out.printf(Locale.ROOT, "%s, decode with %d cached positions, %s kernels: %.2f ms/token (median of %d steps)%n",
                t.config().id(), d.cached(), t.kernels().name(), d.msPerToken(), d.runs());
    }
}
