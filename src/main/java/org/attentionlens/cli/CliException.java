package org.attentionlens.cli;

/** A user error in a command: printed as one line on stderr, exit code 2, no stack trace. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
