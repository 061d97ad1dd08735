package org.attentionlens.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one input with a time limit, so a hang fails the fuzz as a hang instead of stalling the build. A normal input
 * takes milliseconds; the limit is generous for a machine busy with other builds.
 */
final class TimeLimit {
    static final Duration PER_INPUT = Duration.ofSeconds(Long.getLong("attentionlens.fuzz.seconds", 30));
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-input");
        t.setDaemon(true);
        return t;
    });

    private TimeLimit() {
    }

    /** The task's result; its exception as thrown; an AssertionError if it does not finish in time. */
    static <T> T run(Callable<T> task) throws Exception {
        Future<T> f = RUNNER.submit(task);
        try {
            return f.get(PER_INPUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("hang: no result after " + PER_INPUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }
}
