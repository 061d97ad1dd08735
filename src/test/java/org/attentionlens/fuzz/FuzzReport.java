package org.attentionlens.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of inputs by seed, mutation and outcome, and time per seed; printed after each fuzz class and appended to
 * target/fuzz-report.txt. Outcomes: "ok" (loaded and ran, or a reader accepted the input), "refused" (the project's
 * user-error type with a clean message); anything else fails the property before it is counted.
 */
final class FuzzReport {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
    private static final Map<String, Long> SLOWEST = new ConcurrentHashMap<>();

    private FuzzReport() {
    }

    static void record(String suite, String seed, String mutation, String outcome, long nanos) {
        COUNTS.computeIfAbsent(suite + "\t" + seed + "\t" + mutation + "\t" + outcome, k -> new LongAdder()).increment();
        NANOS.computeIfAbsent(suite + "\t" + seed, k -> new LongAdder()).add(nanos);
        SLOWEST.merge(suite + "\t" + seed, nanos, Math::max);
    }

    /** Prints and appends the suite's table: per seed, inputs, outcomes, time; then seed × mutation × outcome. */
    static void print(String suite) {
        Map<String, long[]> perSeed = new TreeMap<>();      // seed -> {ok, refused}
        Map<String, Long> detail = new TreeMap<>();
        COUNTS.forEach((key, n) -> {
            String[] k = key.split("\t");
            if (!k[0].equals(suite)) return;
            perSeed.computeIfAbsent(k[1], s -> new long[2])[k[3].equals("ok") ? 0 : 1] += n.sum();
            detail.put(k[1] + "  " + k[2] + "  " + k[3], n.sum());
        });
        StringBuilder out = new StringBuilder("\n== fuzz: " + suite + " ==\n");
        out.append(String.format("%-22s %8s %8s %8s %9s %9s%n", "seed", "inputs", "ok", "refused", "seconds", "slowest"));
        long total = 0;
        for (var e : perSeed.entrySet()) {
            long ok = e.getValue()[0], refused = e.getValue()[1];
            String key = suite + "\t" + e.getKey();
            total += ok + refused;
            out.append(String.format("%-22s %8d %8d %8d %9.1f %8.2fs%n", e.getKey(), ok + refused, ok, refused,
                    NANOS.get(key).sum() / 1e9, SLOWEST.get(key) / 1e9));
        }
        out.append(String.format("%-22s %8d   (no crash, hang, out-of-memory or read outside a folder: any would have failed the run)%n",
                "total", total));
        out.append("seed  mutation  outcome: inputs\n");
        detail.forEach((k, n) -> out.append("  ").append(k).append(": ").append(n).append('\n'));
        System.out.print(out);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-report.txt"), out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
