package org.attentionlens.io;

/** Progress of a long task: fraction in [0, 1] and what is happening. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (fraction, message) -> {
    };

    void report(double fraction, String message);
}
