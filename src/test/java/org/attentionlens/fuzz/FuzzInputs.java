package org.attentionlens.fuzz;

import java.util.Random;

/**
 * Runs a check over generated inputs: {@code attentionlens.fuzz.tries} per test, times the test's weight (cheap
 * readers get more), which makes about 3,900 inputs in the default build and about 100,000 in the fuzz profile
 * ({@code mvn -Pfuzz test}). Each input is made from its own seed, so a failure names the run's base seed and the
 * input's index, and {@code mvn -Pfuzz test -Dfuzz.seed=BASE} makes the same inputs again.
 */
final class FuzzInputs {
    static final int TRIES = Integer.getInteger("attentionlens.fuzz.tries", 100);
    /**
     * The run's base seed: `mvn verify` passes a fixed one, so a build is reproducible and CI runs the inputs every
     * developer ran; the fuzz profile passes "random" (new inputs every run); a seed a failure names replays it.
     */
    static final long BASE = baseSeed(System.getProperty("attentionlens.fuzz.seed", "random"));

    @FunctionalInterface
    interface Input {
        void run(Random rnd) throws Exception;
    }

    private FuzzInputs() {
    }

    private static long baseSeed(String s) {
        return s.isBlank() || s.equals("random") ? new Random().nextLong() : Long.parseLong(s.trim());
    }

    /** Runs input TRIES times, each with a Random of its own seed. */
    static void run(String what, Input input) {
        run(what, 1, input);
    }

    /** Runs input weight × TRIES times, each with a Random of its own seed. */
    static void run(String what, int weight, Input input) {
        for (int i = 0; i < weight * TRIES; i++) {
            try {
                input.run(new Random(BASE + i * 0x9E37_79B9_7F4A_7C15L));
            } catch (Throwable t) {
                throw new AssertionError(what + ", input " + i + " of the run with -Dfuzz.seed=" + BASE
                        + ": " + shortened(t.getMessage()), t);
            }
        }
    }

    private static String shortened(String message) {
        return message == null || message.length() <= 600 ? message : message.substring(0, 600) + "…";
    }
}
