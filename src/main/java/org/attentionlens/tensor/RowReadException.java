package org.attentionlens.tensor;

/** A {@link RowReader} failed while a weight was being packed; the cause is the reader's own exception. */
public final class RowReadException extends RuntimeException {
    public RowReadException(Exception cause) {
        super(cause.getMessage(), cause);
    }
}
