package org.attentionlens.fuzz;

import java.util.Random;

/**
 * Runs a check over generated inputs: as many as {@code attentionlens.fuzz.tries} says (the default build's few
 * thousand in all; the fuzz profile's 100,000), each made from its own seed, so a failure names the run's base seed
 * and the input's index, and {@code -Dattentionlens.fuzz.seed=BASE} makes the same inputs again.
 */
final class FuzzInputs {
    static final int TRIES = Integer.getInteger("attentionlens.fuzz.tries", 100);
    /** New inputs every run, unless a base seed is given to replay one. */
    static final long BASE = Long.getLong("attentionlens.fuzz.seed", new Random().nextLong());

    @FunctionalInterface
    interface Input {
        void run(Random rnd) throws Exception;
    }

    private FuzzInputs() {
    }

    /** Runs input TRIES times, each with a Random of its own seed. */
    static void run(String what, Input input) {
        for (int i = 0; i < TRIES; i++) {
            try {
                input.run(new Random(BASE + i * 0x9E37_79B9_7F4A_7C15L));
            } catch (Throwable t) {
                throw new AssertionError(what + ", input " + i + " of the run with -Dattentionlens.fuzz.seed=" + BASE
                        + ": " + t.getMessage(), t);
            }
        }
    }
}
