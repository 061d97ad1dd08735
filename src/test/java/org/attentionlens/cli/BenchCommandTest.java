package org.attentionlens.cli;

import org.attentionlens.bench.ForwardBench;
import org.attentionlens.io.ModelLoadException;
import org.attentionlens.io.ModelProvider;
import org.attentionlens.model.LoadedModel;
import org.attentionlens.model.TinyModels;
import org.attentionlens.tokenizer.ByteTokenizer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench command's output formats and user errors, on tiny models (no speed is asserted). */
class BenchCommandTest {
    private final ByteTokenizer bytes = new ByteTokenizer(false);
    private final ModelProvider models = (id, progress) -> switch (id) {
        case "tiny-gpt" -> new LoadedModel(id, "tiny", TinyModels.random(TinyModels.gpt2(64), 3), bytes);
        case "tiny-bert" -> new LoadedModel(id, "tiny", TinyModels.random(TinyModels.bert(32), 4), bytes);
        default -> throw new ModelLoadException("No model \"" + id + "\"");
    };
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = AttentionLensCommand.withUserErrors(new CommandLine(new BenchCommand(models)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void jsonOfAPassIsOneLineWithConsistentFigures() {
        assertEquals(0, run("--model", "tiny-gpt", "--tokens", "20", "--runs", "3", "--json"), err.toString());
        Matcher m = Pattern.compile("\\{\"tokens\": 20, \"runs\": 3, \"median_ms\": ([0-9.]+), \"min_ms\": ([0-9.]+), "
                + "\"gflops\": ([0-9.]+), \"live_heap_mb\": ([0-9]+)}\\R").matcher(out.toString());
        assertTrue(m.matches(), out.toString());
        double median = Double.parseDouble(m.group(1)), min = Double.parseDouble(m.group(2));
        assertTrue(min <= median);
        // gflops = FLOPs / median, up to the printed rounding (median to 0.01 ms, gflops to 0.1)
        double flops = ForwardBench.captureFlops(TinyModels.gpt2(64), 20), gflops = Double.parseDouble(m.group(3));
        double low = flops / ((median + 0.005) / 1e3) / 1e9 - 0.05, high = flops / ((median - 0.005) / 1e3) / 1e9 + 0.05;
        assertTrue(gflops >= low && gflops <= high, gflops + " GFLOP/s outside " + low + "…" + high);
        assertTrue(Double.parseDouble(m.group(4)) > 0, "the heap the trace holds");
    }

    @Test
    void jsonOfDecodeNamesTheCachedPositions() {
        assertEquals(0, run("--model", "tiny-gpt", "--decode", "--tokens", "10", "--runs", "4", "--json"), err.toString());
        assertTrue(out.toString().matches("\\{\"cached\": 10, \"ms_per_token\": [0-9.]+}\\R"), out.toString());
    }

    @Test
    void ceilingIsOneLineOfJsonNamingTheCores() {
        assertEquals(0, run("--ceiling", "--json"), err.toString());
        Matcher m = Pattern.compile("\\{\"cores\": (\\d+), \"fma_gflops_one_core\": ([0-9.]+), "
                + "\"fma_gflops_all_cores\": ([0-9.]+), \"read_gb_per_s\": ([0-9.]+)}\\R").matcher(out.toString());
        assertTrue(m.matches(), out.toString());
        assertEquals(Runtime.getRuntime().availableProcessors(), Integer.parseInt(m.group(1)));
        for (int g = 2; g <= 4; g++) assertTrue(Double.parseDouble(m.group(g)) > 0, m.group(g));
    }

    @Test
    void userErrorsGetOneLineAndExitCode2() {
        assertEquals(2, run("--model", "tiny-gpt", "--tokens", "500"));
        assertTrue(err.toString().contains("context is 1…64"), err.toString());
        assertEquals(2, run("--model", "tiny-bert", "--decode", "--tokens", "5"));
        assertTrue(err.toString().contains("encoder"), err.toString());
        assertEquals(2, run("--model", "nowhere"));
        assertTrue(err.toString().contains("No model \"nowhere\""), err.toString());
        assertEquals(2, run("--model", "tiny-gpt", "--runs", "0"));
        assertTrue(err.toString().contains("at least 1"), err.toString());
        assertEquals(2, run("--ceiling", "--kernels"));
        assertTrue(err.toString().contains("choose one of --kernels, --decode, --load and --ceiling"), err.toString());
    }
}
